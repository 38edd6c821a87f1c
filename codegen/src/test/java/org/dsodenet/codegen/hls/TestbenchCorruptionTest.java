package org.dsodenet.codegen.hls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.dsodenet.codegen.TestNetworks;
import org.dsodenet.codegen.estimate.Part;
import org.dsodenet.ops.fixed.model.QNetwork;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 4, negative cases: the testbench of a generated project (built once, here with run-time weights) must notice
 * one flipped bit in the expected values and report exactly that value, must refuse truncated data, and must notice
 * missing or changed run-time parameters. A testbench that passed everything would make every C simulation pass.
 */
class TestbenchCorruptionTest {
    private static final Pattern RESULT = Pattern.compile("(\\d+) values compared, (\\d+) mismatches");
    private static final int IMAGES = 4;

    @TempDir(cleanup = CleanupMode.ON_SUCCESS)
    static Path tmp;

    private static Path project;
    private static long compared;
    private static List<String> data;

    @BeforeAll
    static void buildOnce() throws IOException {
        Toolchain.require();
        QNetwork net = TestNetworks.tiny("tiny", 3, 6, 11);
        SplittableRandom r = new SplittableRandom(12);
        List<long[]> inputs = new ArrayList<>();
        for (int i = 0; i < IMAGES; i++) {
            inputs.add(TestNetworks.raws(r, net.input().size(), net.inputType()));
        }
        HlsOptions opt = new HlsOptions("tb_top", Part.ZCU104, 5, WeightMode.RUNTIME, false, false);
        project = Projects.root(tmp, "corruption").resolve("prj");
        Projects.Verified v = Projects.verify(new Projects.Job("tiny", net, opt, project, inputs));
        RandomNetworkCsimTest.assertPassed(v);
        compared = v.result().compared();
        data = Files.readAllLines(project.resolve("tb/data/tb_data.txt"));
    }

    private static Toolchain.Run runWith(String dataFile, List<String> lines) throws IOException {
        Path f = project.resolve("tb/data").resolve(dataFile);
        Files.write(f, lines);
        return Toolchain.run(project, "./build/csim", "tb/data/" + dataFile);
    }

    private static long[] result(Toolchain.Run run) {
        Matcher m = RESULT.matcher(run.output());
        assertTrue(m.find(), run.output());
        return new long[] {Long.parseLong(m.group(1)), Long.parseLong(m.group(2))};
    }

    /** Index of the expect line of layer at step in image (a line index into the data file). */
    private static int expectLine(int image, String layer, int step) {
        int current = -1;
        for (int i = 0; i < data.size(); i++) {
            String[] w = data.get(i).split(" ");
            if (w[0].equals("image")) {
                current = Integer.parseInt(w[1]);
            } else if (current == image && w[0].equals("expect") && w[1].equals(layer) && Integer.parseInt(w[2]) == step) {
                return i;
            }
        }
        throw new AssertionError("no expect line for " + layer + " step " + step + " in image " + image);
    }

    @Test
    void theUntouchedDataPassesWhenRunAgain() throws IOException {
        Toolchain.Run run = runWith("copy.txt", data);
        assertEquals(0, run.exit(), run.output());
        assertEquals(compared, result(run)[0]);
        assertEquals(0, result(run)[1]);
    }

    @Test
    void oneFlippedBitIsExactlyOneMismatch() throws IOException {
        int line = expectLine(2, "pw", 1);
        String[] w = data.get(line).split(" ");
        int index = 3;
        int word = 4 + index; // expect <layer> <step> <n> <hex>...
        String original = w[word];
        int last = Character.digit(original.charAt(original.length() - 1), 16);
        w[word] = original.substring(0, original.length() - 1) + Character.forDigit(last ^ 1, 16);
        List<String> corrupt = new ArrayList<>(data);
        corrupt.set(line, String.join(" ", w));

        Toolchain.Run run = runWith("flipped.txt", corrupt);
        assertEquals(1, run.exit(), run.output());
        assertEquals(compared, result(run)[0], "the run goes on after a mismatch");
        assertEquals(1, result(run)[1], run.output());
        List<String> mismatches = run.output().lines().filter(l -> l.startsWith("MISMATCH")).toList();
        assertEquals(1, mismatches.size(), run.output());
        String first = mismatches.get(0);
        assertTrue(first.startsWith("MISMATCH image 2 layer pw step 1 index " + index + ": hls " + original + " "), first);
        assertTrue(first.endsWith(" java " + w[word]), first);
    }

    @Test
    void truncatedDataIsAnError() throws IOException {
        // Cut inside an expect line: the value count no longer holds.
        int line = expectLine(1, "ode", 0);
        List<String> cut = new ArrayList<>(data.subList(0, line));
        String l = data.get(line);
        cut.add(l.substring(0, l.length() / 2));
        Toolchain.Run run = runWith("cut.txt", cut);
        assertNotEquals(0, run.exit(), run.output());
        assertTrue(run.output().startsWith("ERROR tb/data/cut.txt:" + (line + 1) + ": wrong value count"), run.output());
        assertFalse(RESULT.matcher(run.output()).find(), run.output());

        // Whole lines, but no end line.
        Toolchain.Run noEnd = runWith("noend.txt", data.subList(0, data.size() - 1));
        assertNotEquals(0, noEnd.exit(), noEnd.output());
        assertTrue(noEnd.output().startsWith("ERROR tb/data/noend.txt: truncated"), noEnd.output());
        assertFalse(RESULT.matcher(noEnd.output()).find(), noEnd.output());
    }

    @Test
    void runTimeParametersAreCheckedAndUsed() throws IOException {
        List<String> params = Files.readAllLines(project.resolve("params/params.hex"));
        Files.write(project.resolve("params/short.hex"), params.subList(0, params.size() - 1));
        Toolchain.Run shortRun = Toolchain.run(project, "./build/csim", "tb/data/tb_data.txt", "params/short.hex");
        assertNotEquals(0, shortRun.exit(), shortRun.output());
        assertTrue(shortRun.output().startsWith("ERROR params/short.hex: " + (params.size() - 1)
                + " parameter words, expected " + params.size()), shortRun.output());

        // The first word is the first weight of the pre-conv: flipping its top bit must change what the design computes.
        List<String> changed = new ArrayList<>(params);
        String w0 = changed.get(0);
        changed.set(0, Character.forDigit(Character.digit(w0.charAt(0), 16) ^ 8, 16) + w0.substring(1));
        Files.write(project.resolve("params/changed.hex"), changed);
        Toolchain.Run run = Toolchain.run(project, "./build/csim", "tb/data/tb_data.txt", "params/changed.hex");
        assertEquals(1, run.exit(), run.output());
        assertTrue(result(run)[1] > 0, run.output());
        assertTrue(run.output().startsWith("MISMATCH image 0 layer pre_conv step -1 index "), run.output());
    }
}
