package org.dsodenet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.dsodenet.data.io.IdxBytes;
import org.dsodenet.odenet.io.ModelFile;
import org.dsodenet.odenet.model.Arch;
import org.dsodenet.odenet.model.ModelConfig;
import org.dsodenet.odenet.model.OdeNetModel;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Data that does not fit the model's classes, and evaluations over no images, are one-line errors. */
class EvalDataTest {
    @TempDir
    Path dir;
    Path model;

    @BeforeEach
    void tenClassModel() {
        model = dir.resolve("m.dsod");
        ModelFile.save(model, OdeNetModel.create(ModelConfig.defaults(Arch.DSODENET), 1), null, null);
    }

    /** 8x8 images, label i % 10 on data line i + 1, except {@code odd} on line {@code oddLine}. */
    private Path csv(int lines, int oddLine, int odd) throws IOException {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < lines; i++) {
            StringBuilder s = new StringBuilder();
            for (int p = 0; p < 64; p++) {
                s.append((i + p) % 17).append(',');
            }
            out.add(s.append(i + 1 == oddLine ? odd : i % 10).toString());
        }
        Path f = dir.resolve("x.csv");
        Files.write(f, out);
        return f;
    }

    private static CliRun eval(String... extra) {
        List<String> args = new ArrayList<>(List.of("eval"));
        args.addAll(List.of(extra));
        return CliRun.of(args.toArray(String[]::new));
    }

    private static void assertOneLineError(String expected, CliRun r) {
        assertEquals(2, r.exit(), r.out());
        assertEquals("dsodenet: error: " + expected, r.err().strip());
    }

    @Test
    void csvLabelBeyondTheModelsClasses() throws IOException {
        Path f = csv(20, 5, 99);
        assertOneLineError(f + ": label 99 of image 4 is outside the model's 10 classes (0..9)",
                eval("--model", model.toString(), "--data", f.toString(), "--split", "all"));
    }

    @Test
    void idxLabelBeyondTheModelsClasses() throws IOException {
        Path images = dir.resolve("t-images-idx3-ubyte");
        Files.write(images, IdxBytes.of(IdxBytes.UBYTE, new int[] {3, 8, 8}, o -> o.write(new byte[3 * 64])));
        Files.write(dir.resolve("t-labels-idx1-ubyte"), new byte[] {0, 0, 8, 1, 0, 0, 0, 3, 1, 99, 2});
        assertOneLineError(images + ": label 99 of image 1 is outside the model's 10 classes (0..9)",
                eval("--model", model.toString(), "--data", images.toString(), "--split", "all"));
    }

    @Test
    void imageFolderWithMoreClassesThanTheModel() throws IOException {
        Path root = dir.resolve("letters");
        for (char c = 'a'; c < 'a' + 12; c++) {
            Path sub = Files.createDirectories(root.resolve(String.valueOf(c)));
            ImageIO.write(new BufferedImage(8, 8, BufferedImage.TYPE_BYTE_GRAY), "png", sub.resolve("1.png").toFile());
        }
        assertOneLineError(root + ": label 10 ('k') of image 10 is outside the model's 10 classes (0..9); the data "
                + "has 12 classes", eval("--model", model.toString(), "--data", root.toString(), "--split", "all"));
    }

    @Test
    void anEmptyTestSplitIsNotAnAccuracy() throws IOException {
        Path f = csv(1, 0, 0);
        assertOneLineError("no images to evaluate: the test split of " + f + " is empty (it has too few images to "
                + "split; try --split all)", eval("--model", model.toString(), "--data", f.toString()));
    }

    @Test
    void trainingOnDataWithAnEmptyTestSplitIsRefusedBeforeTraining() throws IOException {
        Path f = csv(1, 0, 0);
        Path out = dir.resolve("t.dsod");
        assertOneLineError("no images: the test split of " + f + " is empty (it has too few images to split 80/20)",
                CliRun.of("train", "--data", f.toString(), "--classes", "10", "--epochs", "1", "--out", out.toString()));
        assertEquals(false, Files.exists(out));
    }

    @Test
    void adaptingToATargetWithAnEmptySplitIsRefused() throws IOException {
        Path f = csv(1, 0, 0);
        Path out = dir.resolve("a.dsod");
        CliRun r = CliRun.of("adapt", "--model", model.toString(), "--source", "mnist", "--max-images", "8",
                "--target", f.toString(), "--method", "mmd", "--epochs", "1", "--out", out.toString());
        assertOneLineError("no images: the test split of " + f + " is empty (it has too few images to split 80/20)", r);
        assertEquals(false, Files.exists(out));
    }

    @Test
    void zeroMaxImagesIsRefused() throws IOException {
        Path f = csv(10, 0, 0);
        assertOneLineError("--max-images must be at least 1, got 0",
                eval("--model", model.toString(), "--data", f.toString(), "--split", "all", "--max-images", "0"));
    }
}
