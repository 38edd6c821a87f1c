package org.dsodenet.odenet.io;

import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.dsodenet.io.AtomicFile;
import org.dsodenet.odenet.model.ModelConfig;
import org.dsodenet.odenet.model.OdeNetModel;
import org.dsodenet.ops.fixed.model.QNetwork;
import org.dsodenet.ops.layer.Param;
import org.dsodenet.ops.norm.BatchNorm2d;

/**
 * The model file ({@code .dsod}), version 1: a ZIP archive with
 * <ul>
 *   <li>{@code model.json}: {@code {"format": "dsodenet-model", "version": 1, "config": {...}, "tensors": [{"name",
 *       "shape", "offset", "count"}], "sha256": hex of tensors.bin, "metadata": {...}, "quantized": {...}}}; the
 *       quantized network (types and raw weights, see {@link QNetworkJson}) is present once the model is quantized;
 *   <li>{@code tensors.bin}: every float tensor (parameters, then batch-norm running statistics) as little-endian
 *       IEEE float32, concatenated in the order of the index.
 * </ul>
 * ZIP's own CRC catches damaged entries, the SHA-256 catches a tensors file that does not belong to its index, and
 * loading checks every tensor's name and shape against the architecture, so a corrupt or mismatched file is refused
 * with one clear message instead of loading half a model. The archive is read through its central directory, so a
 * file cut short is refused even if its entries are whole; model.json may hold at most {@link #MAX_JSON_BYTES} and
 * tensors.bin no more than the architecture in model.json needs, so a small archive cannot inflate into the heap.
 */
public final class ModelFile {
    public static final String FORMAT = "dsodenet-model";
    public static final int VERSION = 1;

    /** A loaded model: float weights, the quantized network if the file has one, and free-form metadata. */
    public record Loaded(OdeNetModel model, QNetwork quantized, JsonObject metadata) {}

    /** The most bytes model.json may have: a quantized 1024-channel network's raw weights fit with room to spare. */
    static final long MAX_JSON_BYTES = 256L << 20;

    private ModelFile() {}

    public static void save(Path path, OdeNetModel model, QNetwork quantized, JsonObject metadata) {
        Map<String, float[]> tensors = tensors(model);
        ByteArrayOutputStream bin = new ByteArrayOutputStream();
        JsonArray index = new JsonArray();
        long offset = 0;
        for (Map.Entry<String, float[]> e : tensors.entrySet()) {
            float[] v = e.getValue();
            ByteBuffer bb = ByteBuffer.allocate(v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            bb.asFloatBuffer().put(v);
            bin.writeBytes(bb.array());
            JsonObject t = new JsonObject();
            t.addProperty("name", e.getKey());
            t.addProperty("offset", offset);
            t.addProperty("count", v.length);
            index.add(t);
            offset += v.length;
        }
        byte[] binBytes = bin.toByteArray();
        JsonObject head = new JsonObject();
        head.addProperty("format", FORMAT);
        head.addProperty("version", VERSION);
        head.add("config", model.config().toJson());
        head.add("tensors", index);
        head.addProperty("sha256", sha256(binBytes));
        head.add("metadata", metadata == null ? new JsonObject() : metadata);
        if (quantized != null) {
            head.add("quantized", QNetworkJson.toJson(quantized));
        }
        byte[] json = new GsonBuilder().create().toJson(head).getBytes(StandardCharsets.UTF_8);
        AtomicFile.write(path, out -> {
            try (ZipOutputStream zip = new ZipOutputStream(out)) {
                zip.putNextEntry(new ZipEntry("model.json"));
                zip.write(json);
                zip.closeEntry();
                zip.putNextEntry(new ZipEntry("tensors.bin"));
                zip.write(binBytes);
                zip.closeEntry();
            }
        });
    }

    /** Every float tensor of the model by name: parameters, then running statistics. */
    static Map<String, float[]> tensors(OdeNetModel model) {
        Map<String, float[]> out = new LinkedHashMap<>();
        for (Param p : model.params()) {
            out.put(p.name(), p.value());
        }
        for (BatchNorm2d bn : model.batchNorms()) {
            out.put(bn.name() + ".running_mean", bn.runningMean());
            out.put(bn.name() + ".running_var", bn.runningVar());
        }
        return out;
    }

    public static Loaded load(Path path) {
        String where = path.toString();
        if (!Files.exists(path)) {
            throw new IllegalArgumentException(where + ": no such model file");
        }
        // ZipFile, not ZipInputStream: it needs the central directory at the end of the archive, so a file cut short
        // is refused even when its first entries are intact.
        try (ZipFile zip = new ZipFile(path.toFile())) {
            JsonObject head = head(entry(zip, "model.json", MAX_JSON_BYTES, "the most a model index may hold"));
            OdeNetModel model = emptyModel(head);
            long need = 4L * tensors(model).values().stream().mapToLong(v -> v.length).sum();
            byte[] bin = entry(zip, "tensors.bin", need, "what a " + model.config().arch().id()
                    + " model of this configuration needs");
            return read(head, model, bin);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(where + ": no such model file");
        } catch (ZipException | java.io.EOFException e) {
            throw new IllegalArgumentException(where + ": corrupt or truncated model file (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw new IllegalArgumentException(where + ": cannot read model file (" + e.getMessage() + ")");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(where + ": " + e.getMessage());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(where + ": malformed model.json (" + e.getClass().getSimpleName() + ")");
        }
    }

    /**
     * An entry's bytes, at most {@code limit} (a longer entry is refused after reading {@code limit + 1} bytes, so a
     * small archive cannot inflate into the heap), with its CRC checked as ZipFile leaves that to the reader.
     */
    private static byte[] entry(ZipFile zip, String name, long limit, String why) throws IOException {
        ZipEntry e = zip.getEntry(name);
        if (e == null) {
            throw new IllegalArgumentException("not a dsodenet model file (no " + name + ")");
        }
        byte[] b;
        CRC32 crc = new CRC32();
        try (InputStream in = new CheckedInputStream(zip.getInputStream(e), crc)) {
            b = in.readNBytes((int) Math.min(limit + 1, Integer.MAX_VALUE - 8));
        }
        if (b.length > limit) {
            throw new IllegalArgumentException(name + " is longer than " + limit + " bytes, " + why);
        }
        if (e.getCrc() != -1 && crc.getValue() != e.getCrc()) {
            throw new ZipException("CRC of " + name + " does not match");
        }
        return b;
    }

    private static JsonObject head(byte[] json) {
        try {
            JsonElement el = JsonParser.parseString(new String(json, StandardCharsets.UTF_8));
            return el.getAsJsonObject();
        } catch (JsonParseException | IllegalStateException e) {
            throw new IllegalArgumentException("corrupt model.json");
        }
    }

    /** Checks format and version and builds the file's architecture, before tensors.bin is read. */
    private static OdeNetModel emptyModel(JsonObject head) {
        if (!head.has("format") || !FORMAT.equals(head.get("format").getAsString())) {
            throw new IllegalArgumentException("not a dsodenet model file");
        }
        int version = head.get("version").getAsInt();
        if (version != VERSION) {
            throw new IllegalArgumentException("model file version " + version + " is not supported (this build reads " + VERSION + ")");
        }
        return OdeNetModel.create(ModelConfig.fromJson(head.getAsJsonObject("config")), 0);
    }

    private static Loaded read(JsonObject head, OdeNetModel model, byte[] bin) {
        if (!sha256(bin).equals(head.get("sha256").getAsString())) {
            throw new IllegalArgumentException("checksum mismatch: the tensors do not match their index (corrupt file)");
        }
        if (bin.length % 4 != 0) {
            throw new IllegalArgumentException("tensors.bin has a partial value");
        }
        ModelConfig cfg = model.config();
        Map<String, float[]> targets = tensors(model);
        float[] all = new float[bin.length / 4];
        ByteBuffer.wrap(bin).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(all);
        JsonArray index = head.getAsJsonArray("tensors");
        if (index.size() != targets.size()) {
            throw new IllegalArgumentException("file has " + index.size() + " tensors, the architecture needs " + targets.size());
        }
        for (JsonElement el : index) {
            JsonObject t = el.getAsJsonObject();
            String name = t.get("name").getAsString();
            long offset = t.get("offset").getAsLong();
            int count = t.get("count").getAsInt();
            float[] dst = targets.get(name);
            if (dst == null) {
                throw new IllegalArgumentException("tensor '" + name + "' does not belong to a " + cfg.arch().id() + " model");
            }
            if (dst.length != count || offset < 0 || offset + count > all.length) {
                throw new IllegalArgumentException("tensor '" + name + "' has " + count + " values, expected " + dst.length);
            }
            for (int i = 0; i < count; i++) {
                float v = all[(int) offset + i];
                if (!Float.isFinite(v)) {
                    throw new IllegalArgumentException("tensor '" + name + "' holds a non-finite value");
                }
                dst[i] = v;
            }
        }
        QNetwork q = head.has("quantized") ? QNetworkJson.fromJson(head.getAsJsonObject("quantized")) : null;
        JsonObject meta = head.has("metadata") ? head.getAsJsonObject("metadata") : new JsonObject();
        return new Loaded(model, q, meta);
    }

    static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
