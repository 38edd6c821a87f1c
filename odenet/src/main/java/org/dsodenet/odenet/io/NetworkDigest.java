package org.dsodenet.odenet.io;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.dsodenet.ops.fixed.model.QNetwork;

/**
 * SHA-256 of a quantized network's types and raw weights (its {@link QNetworkJson} form). An exported project
 * stores it, so verify-hls can tell whether a model file holds the network the project was generated from. It
 * digests the network, not the model file, because the file also holds metadata and ZIP timestamps that change
 * with every save of the same network.
 */
public final class NetworkDigest {
    private NetworkDigest() {}

    public static String sha256(QNetwork net) {
        byte[] json = QNetworkJson.toJson(net).toString().getBytes(StandardCharsets.UTF_8);
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
