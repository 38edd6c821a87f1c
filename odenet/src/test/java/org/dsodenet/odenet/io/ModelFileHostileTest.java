package org.dsodenet.odenet.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.dsodenet.odenet.model.Arch;
import org.dsodenet.odenet.model.ModelConfig;
import org.dsodenet.odenet.model.OdeNetModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Model files cut short, inflating beyond their architecture, or with entries that fail their CRC. */
class ModelFileHostileTest {
    @TempDir
    Path dir;

    private Path saved() {
        Path f = dir.resolve("m.dsod");
        ModelFile.save(f, OdeNetModel.create(ModelConfig.defaults(Arch.DSODENET), 3), null, null);
        return f;
    }

    private static String refusal(Path p) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelFile.load(p));
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        assertTrue(e.getMessage().startsWith(p + ": "), e.getMessage());
        return e.getMessage();
    }

    @Test
    void aFileMissingItsLastTenBytesIsRefused() throws IOException {
        byte[] b = Files.readAllBytes(saved());
        Path cut = dir.resolve("cut.dsod");
        // Both entries are intact: only the ZIP's end record is damaged.
        Files.write(cut, Arrays.copyOf(b, b.length - 10));
        assertTrue(refusal(cut).contains("corrupt or truncated model file"), refusal(cut));
    }

    @Test
    void tensorsLongerThanTheArchitectureNeedsAreRefused() throws IOException {
        Path good = saved();
        byte[] json;
        try (ZipFile z = new ZipFile(good.toFile())) {
            json = z.getInputStream(z.getEntry("model.json")).readAllBytes();
        }
        long need = 4L * ModelFile.tensors(OdeNetModel.create(ModelConfig.defaults(Arch.DSODENET), 0)).values()
                .stream().mapToLong(v -> v.length).sum();
        Path bomb = dir.resolve("bomb.dsod");
        try (OutputStream out = Files.newOutputStream(bomb); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("model.json"));
            zip.write(json);
            zip.putNextEntry(new ZipEntry("tensors.bin"));
            zip.write(new byte[8 << 20]);
        }
        assertEquals(bomb + ": tensors.bin is longer than " + need + " bytes, what a dsodenet model of this "
                + "configuration needs", refusal(bomb));
    }

    @Test
    void aStoredEntryChangedAfterWritingFailsItsCrc() throws IOException {
        byte[] json = "{\"format\":\"dsodenet-model\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        ZipEntry e = new ZipEntry("model.json");
        e.setMethod(ZipEntry.STORED);
        e.setSize(json.length);
        CRC32 crc = new CRC32();
        crc.update(json);
        e.setCrc(crc.getValue());
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(b)) {
            zip.putNextEntry(e);
            zip.write(json);
        }
        // Stored entries hold their bytes verbatim: change "model" to "modex" in place.
        byte[] file = b.toByteArray();
        String text = new String(file, java.nio.charset.StandardCharsets.ISO_8859_1);
        int at = text.indexOf("dsodenet-model");
        assertTrue(at > 0);
        file[at + "dsodenet-mode".length()] = 'x';
        Path bad = dir.resolve("crc.dsod");
        Files.write(bad, file);
        assertEquals(bad + ": corrupt or truncated model file (CRC of model.json does not match)", refusal(bad));
    }
}
