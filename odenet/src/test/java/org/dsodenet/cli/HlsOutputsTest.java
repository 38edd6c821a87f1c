package org.dsodenet.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.dsodenet.odenet.io.ModelFile;
import org.dsodenet.odenet.io.NetworkDigest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** export-hls --force replaces only earlier exports; verify-hls checks everything before it touches the project. */
class HlsOutputsTest {
    @TempDir
    Path dir;

    private static final String TB_DATA = "tb/data/tb_data.txt";

    private Path quantized;

    @BeforeEach
    void model() {
        quantized = quantize(3, "q.dsod");
    }

    private Path quantize(long seed, String name) {
        Path m = TinyModel.save(dir.resolve("float-" + name), seed);
        Path q = dir.resolve(name);
        CliRun r = CliRun.of("quantize", "--model", m.toString(), "--precision", "fx8", "--calib", "uci-digits",
                "--calib-images", "16", "--out", q.toString());
        assertEquals(0, r.exit(), r.err());
        return q;
    }

    private CliRun export(Path model, Path out, boolean force) {
        return CliRun.of("export-hls", "--model", model.toString(), "--out", out.toString(), "--data", "uci-digits",
                "--tb-images", "1", force ? "--force" : "--weights=runtime");
    }

    private static void refused(CliRun r, String expected) {
        assertEquals(2, r.exit(), r.out() + r.err());
        String err = r.err().strip();
        assertEquals(1, err.lines().count(), err);
        assertTrue(err.startsWith("dsodenet: error: ") && err.contains(expected), err);
        assertEquals("", r.out());
    }

    private static List<String> tree(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.map(p -> root.relativize(p).toString()).sorted().toList();
        }
    }

    @Test
    void forceDoesNotDeleteAFolderHoldingTheModel() throws IOException {
        Path folder = Files.createDirectory(dir.resolve("F"));
        Path model = Files.copy(quantized, folder.resolve("m.dsod"));
        refused(export(model, folder, true), "not an earlier export");
        assertArrayEquals(Files.readAllBytes(quantized), Files.readAllBytes(model), "the model survives");
    }

    @Test
    void forceDoesNotEmptyAFolderOfUserFiles() throws IOException {
        Path folder = Files.createDirectory(dir.resolve("work"));
        Files.writeString(folder.resolve("notes.txt"), "mine");
        Files.createDirectories(folder.resolve("src/deep"));
        List<String> before = tree(folder);
        refused(export(quantized, folder, true), "--out " + folder + " has no dsodenet-project.json");
        assertEquals(before, tree(folder));
        assertEquals("mine", Files.readString(folder.resolve("notes.txt")));
    }

    @Test
    void forceReplacesAnEarlierExportButNotOneHoldingTheModel() throws IOException {
        Path prj = dir.resolve("hls");
        assertEquals(0, export(quantized, prj, false).exit());
        Files.writeString(prj.resolve("stale.txt"), "from the earlier export");
        CliRun again = export(quantized, prj, true);
        assertEquals(0, again.exit(), again.err());
        assertTrue(Files.notExists(prj.resolve("stale.txt")));

        Path inside = Files.copy(quantized, prj.resolve("model.dsod"));
        refused(export(inside, prj, true), "holds the input");
        assertTrue(Files.isRegularFile(inside));
    }

    @Test
    void theProjectRecordsTheDigestOfTheExportedNetwork() throws IOException {
        Path prj = dir.resolve("hls");
        assertEquals(0, export(quantized, prj, false).exit());
        JsonObject o = JsonParser.parseString(Files.readString(prj.resolve(HlsCommands.PROJECT_FILE))).getAsJsonObject();
        assertEquals(NetworkDigest.sha256(ModelFile.load(quantized).quantized()),
                o.get(HlsCommands.NETWORK_SHA256).getAsString());
        // Saving the same network again (new metadata, new ZIP timestamps) keeps its digest.
        ModelFile.Loaded m = ModelFile.load(quantized);
        JsonObject meta = m.metadata().deepCopy();
        meta.addProperty("note", "copied");
        Path copy = dir.resolve("copy.dsod");
        ModelFile.save(copy, m.model(), m.quantized(), meta);
        assertEquals(o.get(HlsCommands.NETWORK_SHA256).getAsString(),
                NetworkDigest.sha256(ModelFile.load(copy).quantized()));
    }

    /** A project exported from the quantized model. */
    private Path exported() {
        Path prj = dir.resolve("hls");
        assertEquals(0, export(quantized, prj, false).exit());
        return prj;
    }

    /** The arguments of verify-hls for {@code model} against {@code prj} on 3 images, then {@code more}. */
    private static String[] verify(Path model, Path prj, String... more) {
        List<String> args = new ArrayList<>(List.of("--model", model.toString(), "--hls", prj.toString(), "--data",
                "uci-digits", "--images", "3"));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    /** {@code run} is refused with {@code expected} and leaves the testbench data of {@code prj} as it was. */
    private static void refusedKeepingTestbenchData(Path prj, Supplier<CliRun> run, String expected)
            throws IOException {
        byte[] tb = Files.readAllBytes(prj.resolve(TB_DATA));
        refused(run.get(), expected);
        assertArrayEquals(tb, Files.readAllBytes(prj.resolve(TB_DATA)));
    }

    private static CliRun verifyHls(String... args) {
        return CliRun.of(Stream.concat(Stream.of("verify-hls"), Stream.of(args)).toArray(String[]::new));
    }

    @Test
    void verifyWithAMissingHeaderLeavesTheTestbenchDataAlone() throws IOException {
        Path prj = exported();
        Path empty = Files.createDirectory(dir.resolve("no-headers"));
        refusedKeepingTestbenchData(prj, () -> verifyHls(verify(quantized, prj, "--ap-include", empty.toString())),
                "has no ap_fixed.h");
    }

    @Test
    void verifyWithoutACompilerSaysHowToGetOneAndLeavesTheTestbenchDataAlone() throws IOException {
        Path prj = exported();
        VerifyHlsCommand cmd = new VerifyHlsCommand();
        cmd.missingTools = () -> Optional.of("g++ not found (apt-get install g++ make)");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = Cli.commandLine(cmd);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        refusedKeepingTestbenchData(prj, () -> new CliRun(cl.execute(verify(quantized, prj)), out.toString(),
                err.toString()), "g++ not found (apt-get install g++ make): verify-hls compiles the C simulation with it");
    }

    @Test
    void verifyWithAnotherModelSaysSoAndLeavesTheTestbenchDataAlone() throws IOException {
        Path prj = exported();
        Path other = quantize(4, "other.dsod");
        refusedKeepingTestbenchData(prj, () -> verifyHls(verify(other, prj)),
                "model " + other + " is not the model " + prj + " was exported from");
    }

    @Test
    void verifyOfAProjectWithoutADigestAsksForAFreshExport() throws IOException {
        Path prj = exported();
        Path pf = prj.resolve(HlsCommands.PROJECT_FILE);
        JsonObject o = JsonParser.parseString(Files.readString(pf)).getAsJsonObject();
        o.remove(HlsCommands.NETWORK_SHA256);
        Files.writeString(pf, o.toString());
        refusedKeepingTestbenchData(prj, () -> verifyHls(verify(quantized, prj)), "export it again");
    }
}
