package org.dsodenet.data.transform;

/** 3×3 grey-level dilation and erosion: strokes one pixel thicker or thinner (other pens and fonts). */
final class Morphology {
    private Morphology() {}

    static float[] dilate(float[] img, int c, int h, int w) {
        return filter(img, c, h, w, true);
    }

    static float[] erode(float[] img, int c, int h, int w) {
        return filter(img, c, h, w, false);
    }

    private static float[] filter(float[] img, int c, int h, int w, boolean max) {
        int plane = h * w;
        float[] out = new float[img.length];
        for (int ch = 0; ch < c; ch++) {
            int o = ch * plane;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    float v = img[o + y * w + x];
                    for (int yy = Math.max(0, y - 1); yy <= Math.min(h - 1, y + 1); yy++) {
                        for (int xx = Math.max(0, x - 1); xx <= Math.min(w - 1, x + 1); xx++) {
                            float u = img[o + yy * w + xx];
                            v = max ? Math.max(v, u) : Math.min(v, u);
                        }
                    }
                    out[o + y * w + x] = v;
                }
            }
        }
        return out;
    }
}
