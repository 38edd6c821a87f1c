package org.dsodenet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./dsodenet} launcher on a machine that has a JDK and nothing else: no Maven. It runs in a copy of the
 * project root whose {@code mvnw} and {@code java} are stand-ins that record how they were called, with a PATH that
 * holds only bash, the two tools the launcher uses (dirname, find) and whatever the test puts there.
 */
class LauncherTest {
    private static final String JDK = "install a JDK 17 or newer (apt-get install openjdk-17-jdk-headless)";

    @TempDir
    Path dir;
    private Path root;
    private Path bin;

    /** Exit code, standard output and standard error of one launcher run. */
    private record Run(int exit, String out, String err) {}

    @BeforeEach
    void machineWithoutMaven() throws IOException {
        root = Files.createDirectories(dir.resolve("project"));
        Files.copy(Path.of("..", "dsodenet"), root.resolve("dsodenet"));
        Files.createDirectories(root.resolve("odenet/target"));
        Files.createDirectories(root.resolve("odenet/sweep/target"));
        // The wrapper stand-in "builds" the jar where the launcher expects it.
        program(root.resolve("mvnw"), "echo \"mvnw $*\" >&2\n: > odenet/target/dsodenet.jar\n"
                + ": > odenet/sweep/target/sweep-0.1.0-SNAPSHOT.jar\n"
                + "echo /m2/spark-core.jar > odenet/sweep/target/classpath.txt\n");
        bin = Files.createDirectories(dir.resolve("bin"));
        for (String tool : new String[] {"bash", "dirname", "find"}) {
            program(bin.resolve(tool), "exec " + which(tool) + " \"$@\"\n");
        }
    }

    private static Path which(String tool) {
        for (String d : System.getenv("PATH").split(":")) {
            if (Files.isExecutable(Path.of(d, tool))) {
                return Path.of(d, tool);
            }
        }
        throw new IllegalStateException(tool + " is not on the PATH of the test");
    }

    private static void program(Path p, String body) throws IOException {
        Files.writeString(p, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** A java that reports {@code version} and otherwise prints its arguments. */
    private void java(String version) throws IOException {
        program(bin.resolve("java"), "if [ \"$1\" = -version ]; then echo 'openjdk version \"" + version
                + "\" 2025-04-15' >&2; exit 0; fi\necho \"java $*\"\n");
    }

    private void javac() throws IOException {
        program(bin.resolve("javac"), "exit 0\n");
    }

    private Run launch(String... args) throws IOException, InterruptedException {
        String[] cmd = new String[args.length + 1];
        cmd[0] = root.resolve("dsodenet").toString();
        System.arraycopy(args, 0, cmd, 1, args.length);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(dir.resolve("out").toFile())
                .redirectError(dir.resolve("err").toFile());
        pb.environment().clear();
        pb.environment().put("PATH", bin.toString());
        Process p = pb.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the launcher did not finish");
        return new Run(p.exitValue(), Files.readString(dir.resolve("out"), StandardCharsets.UTF_8),
                Files.readString(dir.resolve("err"), StandardCharsets.UTF_8));
    }

    @Test
    void buildsWithTheMavenWrapperAndRunsTheJar() throws Exception {
        java("17.0.15");
        javac();
        Run r = launch("params", "dsodenet");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains("mvnw -B -q -Dstyle.color=never -DskipTests -pl odenet -am package"), r.err());
        assertEquals("java -Xmx8g -jar " + root.resolve("odenet/target/dsodenet.jar") + " params dsodenet\n",
                r.out());
    }

    @Test
    void withoutJavaItSaysWhatToInstallInOneLine() throws Exception {
        Run r = launch("params");
        assertEquals(2, r.exit());
        assertEquals("dsodenet: error: java not found: " + JDK + "\n", r.err());
        assertFalse(Files.exists(root.resolve("odenet/target/dsodenet.jar")), "nothing was built");
    }

    @Test
    void aJavaOlderThan17IsRefusedInOneLine() throws Exception {
        javac();
        java("11.0.2");
        Run r = launch("params");
        assertEquals(2, r.exit());
        assertEquals("dsodenet: error: java 11 is too old: " + JDK + "\n", r.err());
        java("1.8.0_292");
        assertEquals("dsodenet: error: java 8 is too old: " + JDK + "\n", launch("params").err());
        assertFalse(Files.exists(root.resolve("odenet/target/dsodenet.jar")), "nothing was built");
    }

    @Test
    void buildingNeedsJavacButRunningABuiltJarDoesNot() throws Exception {
        java("21");
        Run r = launch("params");
        assertEquals(2, r.exit());
        assertEquals("dsodenet: error: javac not found, building needs a JDK, not only a Java runtime: " + JDK + "\n",
                r.err());
        Files.createFile(root.resolve("odenet/target/dsodenet.jar"));
        Run built = launch("params");
        assertEquals(0, built.exit(), built.err());
        assertEquals("", built.err());
    }

    @Test
    void sweepRunsTheSweepModuleOnItsClasspathWithTheFlagsSparkNeeds() throws Exception {
        java("17.0.15");
        javac();
        Run r = launch("sweep", "--grid", "g.json", "--out", "o");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains("mvnw -B -q -Dstyle.color=never -DskipTests -pl odenet/sweep -am package"), r.err());
        String sweepJar = root.resolve("odenet/sweep/target/sweep-0.1.0-SNAPSHOT.jar").toString();
        assertTrue(r.out().startsWith("java -Xmx8g --add-opens=java.base/java.lang=ALL-UNNAMED "), r.out());
        assertTrue(r.out().contains(" --add-opens=java.base/sun.nio.ch=ALL-UNNAMED "), r.out());
        assertTrue(r.out().endsWith(" -cp " + sweepJar + ":/m2/spark-core.jar org.dsodenet.sweep.SweepCommand --grid g.json "
                + "--out o\n"), r.out());
        // Every other command starts as before: the plain jar, no Spark flags.
        Run params = launch("params");
        assertEquals("java -Xmx8g -jar " + root.resolve("odenet/target/dsodenet.jar") + " params\n", params.out());
    }
}
