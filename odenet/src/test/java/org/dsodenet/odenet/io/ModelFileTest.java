package org.dsodenet.odenet.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.dsodenet.odenet.model.Arch;
import org.dsodenet.odenet.model.ModelConfig;
import org.dsodenet.odenet.model.OdeNetModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelFileTest {
    @TempDir
    Path dir;

    @Test
    void roundTripRestoresEveryTensor() {
        OdeNetModel m = OdeNetModel.create(ModelConfig.defaults(Arch.DSODENET).withTimeChannel(true), 7);
        m.batchNorms().get(0).runningMean()[3] = 0.125f;
        JsonObject meta = new JsonObject();
        meta.addProperty("note", "x");
        Path f = dir.resolve("m.dsod");
        ModelFile.save(f, m, null, meta);
        ModelFile.Loaded l = ModelFile.load(f);
        assertEquals(m.config(), l.model().config());
        Map<String, float[]> a = ModelFile.tensors(m);
        Map<String, float[]> b = ModelFile.tensors(l.model());
        assertEquals(a.keySet(), b.keySet());
        for (String k : a.keySet()) {
            assertArrayEquals(a.get(k), b.get(k), k);
        }
        assertEquals("x", l.metadata().get("note").getAsString());
        assertNull(l.quantized());
    }

    @Test
    void corruptAndTruncatedFilesAreRefused() throws IOException {
        OdeNetModel m = OdeNetModel.create(ModelConfig.defaults(Arch.ODENET), 1);
        Path f = dir.resolve("m.dsod");
        ModelFile.save(f, m, null, null);
        byte[] bytes = Files.readAllBytes(f);
        Path trunc = dir.resolve("t.dsod");
        Files.write(trunc, Arrays.copyOf(bytes, bytes.length / 2));
        Path flipped = dir.resolve("c.dsod");
        byte[] c = bytes.clone();
        c[bytes.length / 3] ^= 0x5a;
        Files.write(flipped, c);
        Path text = dir.resolve("x.dsod");
        Files.writeString(text, "hello");
        for (Path p : List.of(trunc, flipped, text, dir.resolve("missing.dsod"))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelFile.load(p), p.toString());
            assertTrue(e.getMessage().startsWith(p.toString()), e.getMessage());
            assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        }
    }

    @Test
    void saveLeavesNoTemporaryFiles() throws IOException {
        ModelFile.save(dir.resolve("a.dsod"), OdeNetModel.create(ModelConfig.defaults(Arch.RESNET), 2), null, null);
        try (Stream<Path> s = Files.list(dir)) {
            assertEquals(List.of(dir.resolve("a.dsod")), s.toList());
        }
    }
}
