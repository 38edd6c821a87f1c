package org.dsodenet.train;

import static org.dsodenet.fixedpoint.testing.Examples.scaled;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.longs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.dsodenet.io.AtomicFileTest;
import org.dsodenet.ops.layer.Param;
import org.dsodenet.ops.tensor.Shape;
import org.dsodenet.ops.tensor.Tensor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointTest {
    @TempDir
    Path dir;

    private static Param random(String name, SplittableRandom r, int... dims) {
        Shape s = Shape.of(dims);
        float[] v = new float[s.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) r.nextGaussian();
        }
        return new Param(name, s, v);
    }

    private static int[] bits(float[] v) {
        int[] b = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = Float.floatToRawIntBits(v[i]);
        }
        return b;
    }

    private static List<Param> model(SplittableRandom r) {
        return List.of(random("conv.weight", r, 4, 3, 3, 3), random("conv.bias", r, 4), random("fc.weight", r, 10, 4));
    }

    private static List<Param> copyZeroed(List<Param> ps) {
        List<Param> out = new ArrayList<>();
        for (Param p : ps) {
            out.add(new Param(p.name(), p.shape(), new float[p.size()]));
        }
        return out;
    }

    @Test
    void roundTripIsBitIdentical() {
        qt().withExamples(scaled(40)).forAll(longs().all()).checkAssert(seed -> {
            SplittableRandom r = new SplittableRandom(seed);
            List<Param> ps = new ArrayList<>();
            int count = 1 + r.nextInt(5);
            for (int i = 0; i < count; i++) {
                int rank = 1 + r.nextInt(4);
                int[] dims = new int[rank];
                for (int d = 0; d < rank; d++) {
                    dims[d] = 1 + r.nextInt(5);
                }
                ps.add(random("p" + i, r, dims));
            }
            ps.get(0).value()[0] = Float.intBitsToFloat(0x7fc12345); // a NaN payload survives too
            Adam adam = new Adam(ps, 0.01);
            for (int s = 0; s < 3; s++) {
                for (Param p : ps) {
                    for (int j = 0; j < p.size(); j++) {
                        p.grad()[j] = (float) r.nextGaussian();
                    }
                }
                adam.step();
            }
            Map<String, String> meta = new LinkedHashMap<>();
            meta.put("model", "dsodenet-w" + r.nextInt(100));
            meta.put("note", "ünïcødé, \"quotes\"\n");
            long runSeed = r.nextLong();
            TrainingState st = new TrainingState(r.nextInt(100), r.nextInt(1000), runSeed, adam.state(), meta);
            Path f = dir.resolve("c" + (seed & 0xff) + ".ckpt");
            Checkpoint.save(f, ps, st);

            List<Param> back = copyZeroed(ps);
            TrainingState got = Checkpoint.load(f, back);
            for (int i = 0; i < ps.size(); i++) {
                assertArrayEquals(bits(ps.get(i).value()), bits(back.get(i).value()));
            }
            assertEquals(st.epoch(), got.epoch());
            assertEquals(st.iteration(), got.iteration());
            assertEquals(runSeed, got.seed());
            assertEquals(meta, got.metadata());
            assertEquals("adam", got.optimizer().type());
            assertEquals(3, got.optimizer().steps());
            List<OptimizerState.Buffer> want = st.optimizer().buffers();
            List<OptimizerState.Buffer> have = got.optimizer().buffers();
            assertEquals(want.size(), have.size());
            for (int i = 0; i < want.size(); i++) {
                assertEquals(want.get(i).param(), have.get(i).param());
                assertEquals(want.get(i).slot(), have.get(i).slot());
                assertArrayEquals(bits(want.get(i).values()), bits(have.get(i).values()));
            }
        });
    }

    @Test
    void readExposesTensorsAndNoOptimizer() {
        List<Param> ps = model(new SplittableRandom(3));
        Path f = dir.resolve("final.ckpt");
        Checkpoint.save(f, ps, TrainingState.at(90, 0, 1234));
        Checkpoint.Contents c = Checkpoint.read(f);
        assertEquals(List.of("conv.weight", "conv.bias", "fc.weight"), List.copyOf(c.tensors().keySet()));
        Tensor t = c.tensors().get("conv.weight");
        assertEquals(Shape.of(4, 3, 3, 3), t.shape());
        assertArrayEquals(ps.get(0).value(), t.data());
        assertNull(c.state().optimizer());
        assertEquals(90, c.state().epoch());
    }

    @Test
    void buffersAreSavedAndLoadedInPlace() {
        float[] runningMean = {1f, 2f, 3f};
        Path f = dir.resolve("bn.ckpt");
        Checkpoint.save(f, List.of(Checkpoint.buffer("bn.running_mean", runningMean)), TrainingState.at(1, 0, 0));
        float[] restored = new float[3];
        Checkpoint.load(f, List.of(Checkpoint.buffer("bn.running_mean", restored)));
        assertArrayEquals(runningMean, restored);
    }

    @Test
    void resumeContinuesBitIdentically() {
        // 8 steps (2 epochs of 4) straight, versus 2 steps, a checkpoint at (epoch 0, iteration 2), and the rest
        long seed = 99;
        List<Param> straight = model(new SplittableRandom(1));
        Sgd a = new Sgd(straight, 0.05, 0.9, true, WeightDecay.l2(1e-3));
        run(straight, a, seed, 0, 8);

        List<Param> first = model(new SplittableRandom(1));
        Sgd b = new Sgd(first, 0.05, 0.9, true, WeightDecay.l2(1e-3));
        run(first, b, seed, 0, 2);
        Path f = dir.resolve("mid.ckpt");
        Checkpoint.save(f, first, new TrainingState(0, 2, seed, b.state(), Map.of()));

        List<Param> resumed = copyZeroed(first);
        Sgd c = new Sgd(resumed, 0.05, 0.9, true, WeightDecay.l2(1e-3));
        TrainingState st = Checkpoint.load(f, resumed);
        c.loadState(st.optimizer());
        run(resumed, c, st.seed(), st.epoch() * ITERS + st.iteration(), 8);
        for (int i = 0; i < straight.size(); i++) {
            assertArrayEquals(bits(straight.get(i).value()), bits(resumed.get(i).value()));
        }
    }

    private static final int ITERS = 4;

    /**
     * Global steps {@code [from, to)} of a fake training loop (8 samples, batches of 2) whose "gradient" depends on
     * the shuffled batch, a derived random stream and the weights, like real training.
     */
    private static void run(List<Param> ps, Optimizer opt, long seed, int from, int to) {
        for (int s = from; s < to; s++) {
            int epoch = s / ITERS;
            int it = s % ITERS;
            int[] batch = Batches.batch(Batches.order(seed, epoch, 8), it, 2);
            SplittableRandom noise = Seeds.rng(seed, Seeds.AUGMENT, epoch, it);
            opt.zeroGrad();
            for (Param p : ps) {
                for (int j = 0; j < p.size(); j++) {
                    p.grad()[j] = (batch[0] - batch[1]) * 0.1f + p.value()[j] * 0.5f + (float) noise.nextGaussian();
                }
            }
            opt.step();
        }
    }

    @Test
    void corruptTruncatedAndForeignFilesAreRefused() throws IOException {
        Path f = dir.resolve("a.ckpt");
        Checkpoint.save(f, model(new SplittableRandom(5)), TrainingState.at(3, 0, 7));
        byte[] good = Files.readAllBytes(f);

        byte[] flipped = good.clone();
        flipped[good.length - 100] ^= 0x10;
        Files.write(f, flipped);
        assertMessage("checkpoint " + f + " is corrupt or truncated (SHA-256 mismatch)", f);

        Files.write(f, java.util.Arrays.copyOf(good, good.length - 7));
        assertMessage("checkpoint " + f + " is corrupt or truncated (SHA-256 mismatch)", f);

        Files.write(f, java.util.Arrays.copyOf(good, 20));
        assertMessage("checkpoint " + f + " is too short (20 bytes) to be a checkpoint", f);

        byte[] foreign = good.clone();
        foreign[0] = 'X';
        Files.write(f, foreign);
        assertMessage("checkpoint " + f + " is not a dsodenet checkpoint (bad magic)", f);

        byte[] future = good.clone();
        future[11] = 2;
        Files.write(f, future);
        assertMessage("checkpoint " + f + " has format version 2, this build reads 1", f);

        assertMessage("checkpoint " + dir.resolve("missing.ckpt") + " does not exist", dir.resolve("missing.ckpt"));
    }

    @Test
    void malformedHeaderWithValidChecksumIsRefused() throws Exception {
        Path f = dir.resolve("h.ckpt");
        Files.write(f, fileWithHeader("{\"format\":\"dsodenet-checkpoint\",\"tensors\":[]}", 0));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Checkpoint.read(f));
        assertTrue(e.getMessage().startsWith("checkpoint " + f + " has a malformed header"), e.getMessage());

        String overlapping = "{\"format\":\"dsodenet-checkpoint\",\"epoch\":0,\"iteration\":0,\"seed\":1,"
                + "\"metadata\":{},\"dataLength\":2,\"optimizer\":null,\"tensors\":["
                + "{\"name\":\"a\",\"shape\":[2],\"offset\":0,\"length\":2},"
                + "{\"name\":\"b\",\"shape\":[1],\"offset\":1,\"length\":1}]}";
        Files.write(f, fileWithHeader(overlapping, 2));
        e = assertThrows(IllegalArgumentException.class, () -> Checkpoint.read(f));
        assertTrue(e.getMessage().contains("block of 'b' at 1+1 does not follow"), e.getMessage());

        Files.write(f, fileWithHeader("not json", 0));
        e = assertThrows(IllegalArgumentException.class, () -> Checkpoint.read(f));
        assertTrue(e.getMessage().startsWith("checkpoint " + f + " has a malformed header"), e.getMessage());
    }

    /** A file following the documented layout with a given header and {@code floats} zero data values. */
    private static byte[] fileWithHeader(String header, int floats) throws Exception {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(16 + h.length + 4 * floats + 32);
        b.put("DSODECKP".getBytes(StandardCharsets.US_ASCII)).putInt(1).putInt(h.length).put(h);
        b.position(b.position() + 4 * floats);
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(java.util.Arrays.copyOf(b.array(),
                b.position()));
        b.put(digest);
        return b.array();
    }

    private static void assertMessage(String expected, Path f) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Checkpoint.read(f));
        assertEquals(expected, e.getMessage());
    }

    @Test
    void mismatchedModelIsRefusedAndLeftUntouched() {
        List<Param> saved = model(new SplittableRandom(8));
        Path f = dir.resolve("m.ckpt");
        Checkpoint.save(f, saved, TrainingState.at(0, 0, 0));

        List<Param> wrongShape = List.of(new Param("conv.weight", Shape.of(8, 3, 3, 3), new float[216]),
                new Param("conv.bias", Shape.of(4), new float[] {9, 9, 9, 9}), saved.get(2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Checkpoint.load(f, wrongShape));
        assertEquals("checkpoint " + f + ": tensor 'conv.weight' has shape (4, 3, 3, 3), model expects (8, 3, 3, 3)",
                e.getMessage());

        List<Param> renamed = List.of(new Param("conv.bias", Shape.of(4), new float[] {9, 9, 9, 9}),
                new Param("conv.kernel", Shape.of(4, 3, 3, 3), new float[108]), saved.get(2));
        e = assertThrows(IllegalArgumentException.class, () -> Checkpoint.load(f, renamed));
        assertEquals("checkpoint " + f + " has no tensor 'conv.kernel'", e.getMessage());
        assertArrayEquals(new float[] {9, 9, 9, 9}, renamed.get(0).value());

        List<Param> fewer = List.of(new Param("conv.bias", Shape.of(4), new float[] {9, 9, 9, 9}));
        e = assertThrows(IllegalArgumentException.class, () -> Checkpoint.load(f, fewer));
        assertEquals("checkpoint " + f + " has tensor 'conv.weight' that the model lacks", e.getMessage());
        assertArrayEquals(new float[] {9, 9, 9, 9}, fewer.get(0).value());
    }

    @Test
    void failedSaveKeepsThePreviousCheckpoint() throws IOException {
        Path f = dir.resolve("run.ckpt");
        List<Param> ps = model(new SplittableRandom(2));
        Checkpoint.save(f, ps, TrainingState.at(1, 0, 0));
        byte[] before = Files.readAllBytes(f);
        // a duplicate name fails before anything is written; the previous checkpoint stays readable
        assertThrows(IllegalArgumentException.class,
                () -> Checkpoint.save(f, List.of(ps.get(0), ps.get(0)), TrainingState.at(2, 0, 0)));
        assertArrayEquals(before, Files.readAllBytes(f));
        Checkpoint.save(f, ps, TrainingState.at(2, 0, 0));
        assertEquals(2, Checkpoint.read(f).state().epoch());
        assertEquals(List.of("run.ckpt"), AtomicFileTest.names(dir));
    }
}
