package org.dsodenet.data.transform;

/** The 3×3 binomial blur ([1 2 1] / 4 along each axis), edges repeated. */
final class Blur {
    private Blur() {}

    static float[] binomial(float[] img, int c, int h, int w) {
        int plane = h * w;
        float[] tmp = new float[img.length];
        float[] out = new float[img.length];
        for (int ch = 0; ch < c; ch++) {
            int o = ch * plane;
            for (int y = 0; y < h; y++) {
                for (int x = 0; x < w; x++) {
                    int l = Math.max(0, x - 1);
                    int r = Math.min(w - 1, x + 1);
                    tmp[o + y * w + x] = 0.25f * img[o + y * w + l] + 0.5f * img[o + y * w + x] + 0.25f * img[o + y * w + r];
                }
            }
            for (int y = 0; y < h; y++) {
                int u = Math.max(0, y - 1);
                int dn = Math.min(h - 1, y + 1);
                for (int x = 0; x < w; x++) {
                    out[o + y * w + x] = 0.25f * tmp[o + u * w + x] + 0.5f * tmp[o + y * w + x] + 0.25f * tmp[o + dn * w + x];
                }
            }
        }
        return out;
    }
}
