package org.dsodenet.odenet.training;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.dsodenet.data.Dataset;

/**
 * What a training run was fed, as a checkpoint records it: the data set's name, its size and a digest of its
 * pixels and labels. Comparing digests, not names, also catches the same name with another --max-images or a data
 * file that changed between the runs.
 *
 * @param name   the data set's name
 * @param images number of images
 * @param digest the first 16 hex digits of SHA-256 over shape, labels (not for {@link #ofImages}) and pixel bits,
 *               in order
 */
record DataIdentity(String name, int images, String digest) {
    static DataIdentity of(Dataset d) {
        return of(d, true);
    }

    /** The identity of the images alone: for target data, whose labels training never reads. */
    static DataIdentity ofImages(Dataset d) {
        return of(d, false);
    }

    private static DataIdentity of(Dataset d, boolean labels) {
        MessageDigest sha = sha256();
        ByteBuffer b = ByteBuffer.allocate(4 * (2 + d.imageSize())).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(d.channels()).putInt(d.height()).putInt(d.width());
        sha.update(b.array(), 0, 12);
        float[] img = new float[d.imageSize()];
        for (int i = 0; i < d.size(); i++) {
            d.copyImage(i, img, 0);
            b.clear();
            if (labels) {
                b.putInt(d.label(i));
            }
            for (float v : img) {
                b.putInt(Float.floatToIntBits(v));
            }
            sha.update(b.array(), 0, b.position());
        }
        return new DataIdentity(d.name(), d.size(), HexFormat.of().formatHex(sha.digest()).substring(0, 16));
    }

    @Override
    public String toString() {
        return "'" + name + "' (" + images + " images, sha256 " + digest + ")";
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
