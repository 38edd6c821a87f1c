package org.dsodenet.train;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.dsodenet.io.AtomicFile;
import org.dsodenet.ops.layer.Param;
import org.dsodenet.ops.tensor.Shape;
import org.dsodenet.ops.tensor.Tensor;

/**
 * Saves and restores a training run: named float tensors (parameters, and buffers such as batch-norm running
 * statistics wrapped with {@link #buffer}), the optimizer state and the {@link TrainingState}.
 *
 * <h2>File format (version 1)</h2>
 * <pre>
 *   offset      size   content
 *   0           8      magic "DSODECKP" (ASCII)
 *   8           4      format version, int32 big-endian (1)
 *   12          4      header length H in bytes, int32 big-endian
 *   16          H      header: UTF-8 JSON, see below
 *   16+H        4*D    data: D float32 values, little-endian, in the order the header lists them
 *   16+H+4*D    32     SHA-256 of every preceding byte
 * </pre>
 * Header fields: {@code format} ("dsodenet-checkpoint"), {@code epoch}, {@code iteration}, {@code seed},
 * {@code metadata} (object of strings), {@code tensors} (array of {@code {name, shape, offset, length}}),
 * {@code optimizer} (null, or {@code {type, steps, buffers: [{param, slot, offset, length}]}}) and
 * {@code dataLength} (D). Offsets and lengths count float32 values from the start of the data section. Entries
 * tile the data section without gaps or overlap.
 *
 * <p>Files are written with {@link AtomicFile}. Reading checks the magic, version and checksum before anything
 * else, so a corrupt or truncated file is refused as a whole; loading into a model checks every name and shape
 * before copying, so a mismatch leaves the model untouched. All such refusals are
 * {@link IllegalArgumentException}s with a one-line message naming the file.
 */
public final class Checkpoint {
    /** File magic. */
    static final byte[] MAGIC = "DSODECKP".getBytes(StandardCharsets.US_ASCII);
    /** The format version this class writes and reads. */
    public static final int VERSION = 1;
    static final int PREFIX = 16;
    static final int DIGEST = 32;
    private static final String FORMAT = "dsodenet-checkpoint";

    private Checkpoint() {}

    /**
     * What a checkpoint file holds.
     *
     * @param tensors every saved tensor by name, in file order
     * @param state   position, seed, optimizer state and metadata
     */
    public record Contents(Map<String, Tensor> tensors, TrainingState state) {
        public Contents {
            tensors = Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
        }
    }

    /**
     * Wraps a non-trainable array (e.g. {@code BatchNorm2d.runningMean()}) as a 1-D {@link Param} sharing the
     * array, so it can be saved and loaded alongside the parameters. Do not hand such wrappers to an optimizer.
     */
    public static Param buffer(String name, float[] values) {
        return new Param(name, Shape.of(values.length), values);
    }

    /** Writes {@code tensors} and {@code state} to {@code file} atomically. Tensor names must be unique. */
    public static void save(Path file, List<Param> tensors, TrainingState state) {
        List<Param> ts = ParamSlots.checkedParams(tensors);
        if (state == null) {
            throw new IllegalArgumentException("training state must not be null");
        }
        JsonObject header = new JsonObject();
        header.addProperty("format", FORMAT);
        header.addProperty("epoch", state.epoch());
        header.addProperty("iteration", state.iteration());
        header.addProperty("seed", state.seed());
        JsonObject meta = new JsonObject();
        state.metadata().forEach(meta::addProperty);
        header.add("metadata", meta);

        List<float[]> blocks = new ArrayList<>();
        long offset = 0;
        JsonArray tensorList = new JsonArray();
        for (Param p : ts) {
            JsonObject e = new JsonObject();
            e.addProperty("name", p.name());
            JsonArray dims = new JsonArray();
            for (int d : p.shape().dims()) {
                dims.add(d);
            }
            e.add("shape", dims);
            offset = addBlock(e, offset, p.value(), blocks);
            tensorList.add(e);
        }
        header.add("tensors", tensorList);
        OptimizerState opt = state.optimizer();
        if (opt == null) {
            header.add("optimizer", null);
        } else {
            JsonObject o = new JsonObject();
            o.addProperty("type", opt.type());
            o.addProperty("steps", opt.steps());
            JsonArray bufs = new JsonArray();
            for (OptimizerState.Buffer b : opt.buffers()) {
                JsonObject e = new JsonObject();
                e.addProperty("param", b.param());
                e.addProperty("slot", b.slot());
                offset = addBlock(e, offset, b.values(), blocks);
                bufs.add(e);
            }
            o.add("buffers", bufs);
            header.add("optimizer", o);
        }
        header.addProperty("dataLength", offset);
        if (offset > (Integer.MAX_VALUE - 1024) / 4) {
            throw new IllegalArgumentException("checkpoint of " + offset + " floats is too large for format "
                    + VERSION);
        }
        byte[] headerBytes = header.toString().getBytes(StandardCharsets.UTF_8);
        AtomicFile.write(file, out -> writeBody(out, headerBytes, blocks));
    }

    private static long addBlock(JsonObject entry, long offset, float[] values, List<float[]> blocks) {
        entry.addProperty("offset", offset);
        entry.addProperty("length", values.length);
        blocks.add(values);
        return offset + values.length;
    }

    private static void writeBody(OutputStream out, byte[] header, List<float[]> blocks) throws IOException {
        MessageDigest sha = sha256();
        ByteBuffer prefix = ByteBuffer.allocate(PREFIX).order(ByteOrder.BIG_ENDIAN);
        prefix.put(MAGIC).putInt(VERSION).putInt(header.length);
        emit(out, sha, prefix.array(), PREFIX);
        emit(out, sha, header, header.length);
        ByteBuffer buf = ByteBuffer.allocate(1 << 16).order(ByteOrder.LITTLE_ENDIAN);
        for (float[] block : blocks) {
            for (float v : block) {
                if (buf.remaining() < 4) {
                    emit(out, sha, buf.array(), buf.position());
                    buf.clear();
                }
                buf.putFloat(v);
            }
        }
        emit(out, sha, buf.array(), buf.position());
        out.write(sha.digest());
    }

    private static void emit(OutputStream out, MessageDigest sha, byte[] bytes, int len) throws IOException {
        sha.update(bytes, 0, len);
        out.write(bytes, 0, len);
    }

    /** Reads and verifies a whole checkpoint. */
    public static Contents read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("checkpoint " + file + " does not exist");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read checkpoint " + file + ": " + e.getMessage(), e);
        } catch (OutOfMemoryError e) {
            throw new IllegalArgumentException("checkpoint " + file + " is too large to read");
        }
        return parse(bytes, file.toString());
    }

    /**
     * Reads {@code file} and copies its tensors into {@code tensors}, which must match the file exactly: the same
     * set of names, each with the same shape. Returns the stored state (pass {@code state.optimizer()} to
     * {@link Optimizer#loadState}). On any mismatch nothing is copied.
     */
    public static TrainingState load(Path file, List<Param> tensors) {
        List<Param> ts = ParamSlots.checkedParams(tensors);
        Contents c = read(file);
        for (Param p : ts) {
            Tensor t = c.tensors().get(p.name());
            if (t == null) {
                throw new IllegalArgumentException("checkpoint " + file + " has no tensor '" + p.name() + "'");
            }
            if (!t.shape().equals(p.shape())) {
                throw new IllegalArgumentException("checkpoint " + file + ": tensor '" + p.name() + "' has shape "
                        + t.shape() + ", model expects " + p.shape());
            }
        }
        if (c.tensors().size() != ts.size()) {
            for (String name : c.tensors().keySet()) {
                if (ts.stream().noneMatch(p -> p.name().equals(name))) {
                    throw new IllegalArgumentException("checkpoint " + file + " has tensor '" + name
                            + "' that the model lacks");
                }
            }
        }
        for (Param p : ts) {
            float[] src = c.tensors().get(p.name()).data();
            System.arraycopy(src, 0, p.value(), 0, src.length);
        }
        return c.state();
    }

    static Contents parse(byte[] bytes, String source) {
        String where = "checkpoint " + source;
        if (bytes.length < PREFIX + DIGEST) {
            throw new IllegalArgumentException(where + " is too short (" + bytes.length + " bytes) to be a checkpoint");
        }
        ByteBuffer prefix = ByteBuffer.wrap(bytes, 0, PREFIX).order(ByteOrder.BIG_ENDIAN);
        byte[] magic = new byte[MAGIC.length];
        prefix.get(magic);
        if (!MessageDigest.isEqual(magic, MAGIC)) {
            throw new IllegalArgumentException(where + " is not a dsodenet checkpoint (bad magic)");
        }
        int version = prefix.getInt();
        if (version != VERSION) {
            throw new IllegalArgumentException(where + " has format version " + version + ", this build reads "
                    + VERSION);
        }
        int headerLength = prefix.getInt();
        MessageDigest sha = sha256();
        sha.update(bytes, 0, bytes.length - DIGEST);
        byte[] stored = new byte[DIGEST];
        System.arraycopy(bytes, bytes.length - DIGEST, stored, 0, DIGEST);
        if (!MessageDigest.isEqual(sha.digest(), stored)) {
            throw new IllegalArgumentException(where + " is corrupt or truncated (SHA-256 mismatch)");
        }
        if (headerLength < 2 || headerLength > bytes.length - PREFIX - DIGEST) {
            throw new IllegalArgumentException(where + " has an invalid header length " + headerLength);
        }
        int dataStart = PREFIX + headerLength;
        long dataBytes = (long) bytes.length - DIGEST - dataStart;
        try {
            JsonObject h = JsonParser.parseString(new String(bytes, PREFIX, headerLength, StandardCharsets.UTF_8))
                    .getAsJsonObject();
            if (!FORMAT.equals(string(h, "format"))) {
                throw new IllegalArgumentException("format is not " + FORMAT);
            }
            long dataLength = h.get("dataLength").getAsLong();
            if (dataLength * 4 != dataBytes) {
                throw new IllegalArgumentException("header announces " + dataLength + " floats but the data section"
                        + " holds " + dataBytes + " bytes");
            }
            Layout layout = new Layout(bytes, dataStart, dataLength);
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            for (JsonElement el : h.getAsJsonArray("tensors")) {
                JsonObject e = el.getAsJsonObject();
                String name = string(e, "name");
                JsonArray dims = e.getAsJsonArray("shape");
                int[] d = new int[dims.size()];
                for (int i = 0; i < d.length; i++) {
                    d[i] = dims.get(i).getAsInt();
                }
                Shape shape = Shape.of(d);
                float[] values = layout.next(e, name);
                if (values.length != shape.size()) {
                    throw new IllegalArgumentException("tensor '" + name + "' has shape " + shape + " but "
                            + values.length + " values");
                }
                if (tensors.put(name, Tensor.wrap(shape, values)) != null) {
                    throw new IllegalArgumentException("tensor '" + name + "' appears twice");
                }
            }
            OptimizerState opt = null;
            JsonElement oe = h.get("optimizer");
            if (oe != null && !oe.isJsonNull()) {
                JsonObject o = oe.getAsJsonObject();
                List<OptimizerState.Buffer> bufs = new ArrayList<>();
                for (JsonElement el : o.getAsJsonArray("buffers")) {
                    JsonObject e = el.getAsJsonObject();
                    String param = string(e, "param");
                    String slot = string(e, "slot");
                    bufs.add(new OptimizerState.Buffer(param, slot, layout.next(e, param + "/" + slot)));
                }
                opt = new OptimizerState(string(o, "type"), o.get("steps").getAsLong(), bufs);
            }
            layout.requireComplete();
            Map<String, String> meta = new LinkedHashMap<>();
            for (Map.Entry<String, JsonElement> m : h.getAsJsonObject("metadata").entrySet()) {
                meta.put(m.getKey(), m.getValue().getAsString());
            }
            TrainingState state = new TrainingState(h.get("epoch").getAsInt(), h.get("iteration").getAsInt(),
                    h.get("seed").getAsLong(), opt, meta);
            return new Contents(tensors, state);
        } catch (JsonParseException | IllegalStateException | UnsupportedOperationException | NullPointerException
                 | ClassCastException | IllegalArgumentException e) {
            // the checksum matched, so this is a file written by something other than save()
            throw new IllegalArgumentException(where + " has a malformed header: " + e.getMessage());
        }
    }

    private static String string(JsonObject o, String key) {
        JsonElement e = o.get(key);
        if (e == null || !e.isJsonPrimitive()) {
            throw new IllegalArgumentException("missing field '" + key + "'");
        }
        return e.getAsString();
    }

    /** Hands out consecutive blocks of the data section, checking that entries tile it in order. */
    private static final class Layout {
        private final ByteBuffer data;
        private final long total;
        private long next;

        Layout(byte[] bytes, int start, long total) {
            this.data = ByteBuffer.wrap(bytes, start, (int) (total * 4)).slice().order(ByteOrder.LITTLE_ENDIAN);
            this.total = total;
        }

        float[] next(JsonObject entry, String what) {
            long offset = entry.get("offset").getAsLong();
            long length = entry.get("length").getAsLong();
            if (offset != next || length < 0 || offset + length > total) {
                throw new IllegalArgumentException("block of '" + what + "' at " + offset + "+" + length
                        + " does not follow the previous block (expected offset " + next + ", data holds " + total
                        + " floats)");
            }
            float[] v = new float[(int) length];
            data.position((int) (offset * 4));
            data.asFloatBuffer().get(v);
            next = offset + length;
            return v;
        }

        void requireComplete() {
            if (next != total) {
                throw new IllegalArgumentException("entries cover " + next + " of " + total + " data floats");
            }
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
