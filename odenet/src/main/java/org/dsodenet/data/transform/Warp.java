package org.dsodenet.data.transform;

/** A random-affine warp about the image centre, sampled bilinearly with 0 outside the image. */
final class Warp {
    private Warp() {}

    /**
     * The image rotated by {@code angle} radians, scaled by {@code scale}, sheared by {@code shear} along x and moved
     * by ({@code dx}, {@code dy}) pixels.
     */
    static float[] affine(float[] img, int c, int h, int w, double angle, double scale, double shear, double dx,
                          double dy) {
        double cos = Math.cos(angle);
        double sin = Math.sin(angle);
        // forward map M = scale * R(angle) * [[1, shear], [0, 1]]; each output pixel samples M^-1 (p - centre - d)
        double a = scale * cos;
        double b = scale * (cos * shear - sin);
        double cc = scale * sin;
        double d = scale * (sin * shear + cos);
        double det = a * d - b * cc;
        double ia = d / det;
        double ib = -b / det;
        double ic = -cc / det;
        double id = a / det;
        double cy = (h - 1) / 2.0;
        double cx = (w - 1) / 2.0;
        int plane = h * w;
        float[] out = new float[img.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double px = x - cx - dx;
                double py = y - cy - dy;
                double sx = ia * px + ib * py + cx;
                double sy = ic * px + id * py + cy;
                for (int ch = 0; ch < c; ch++) {
                    out[ch * plane + y * w + x] = sample(img, ch * plane, h, w, sx, sy);
                }
            }
        }
        return out;
    }

    private static float sample(float[] img, int off, int h, int w, double sx, double sy) {
        int x0 = (int) Math.floor(sx);
        int y0 = (int) Math.floor(sy);
        double fx = sx - x0;
        double fy = sy - y0;
        double v = (1 - fx) * (1 - fy) * at(img, off, h, w, x0, y0) + fx * (1 - fy) * at(img, off, h, w, x0 + 1, y0)
                + (1 - fx) * fy * at(img, off, h, w, x0, y0 + 1) + fx * fy * at(img, off, h, w, x0 + 1, y0 + 1);
        return (float) v;
    }

    private static float at(float[] img, int off, int h, int w, int x, int y) {
        return x < 0 || y < 0 || x >= w || y >= h ? 0f : img[off + y * w + x];
    }
}
