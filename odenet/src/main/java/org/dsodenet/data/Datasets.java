package org.dsodenet.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.dsodenet.data.io.CsvFormat;
import org.dsodenet.data.io.DsdFormat;
import org.dsodenet.data.io.FileBytes;
import org.dsodenet.data.io.IdxFormat;
import org.dsodenet.data.io.ImageFolderFormat;
import org.dsodenet.data.io.RawImages;

/**
 * Loads a dataset from a spec string, the form the CLI takes:
 *
 * <ul>
 *   <li>a bundled name: {@code mnist} (10,000 MNIST digits, 1×28×28), {@code uci-digits} (1,797 UCI digits, 1×8×8, 17
 *       grey levels), {@code mnistm-like} (2,000 MNIST digits blended over colour photos, 3×28×28);</li>
 *   <li>a {@code .dsd} / {@code .dsd.gz} file (the bundled format, {@link DsdFormat});</li>
 *   <li>an IDX images file whose labels file sits next to it under the usual name
 *       ({@code train-images-idx3-ubyte.gz} → {@code train-labels-idx1-ubyte.gz}), or {@code IMAGES,LABELS};</li>
 *   <li>a {@code .csv} / {@code .csv.gz} file ({@link CsvFormat});</li>
 *   <li>a folder with one sub-folder of images per class ({@link ImageFolderFormat}).</li>
 * </ul>
 *
 * Options follow a {@code ?}: {@code name=} (every source), {@code classes=K} (files and folders: the class count,
 * labels must be below it; default largest label + 1), {@code max=} (IDX bytes and CSV: the value meaning full
 * intensity), {@code label=}, {@code header=}, {@code shape=} (CSV). Pixel values come out in [0, 1].
 */
public final class Datasets {
    /** The datasets shipped in the jar, loadable by name without any file. */
    public static final List<String> BUNDLED = List.of("mnist", "uci-digits", "mnistm-like");

    private Datasets() {}

    /** Loads a bundled dataset or a file or folder, as described in the class comment. */
    public static Dataset load(String spec) {
        DataSpec s = DataSpec.parse(spec);
        if (BUNDLED.contains(s.target())) {
            s.allowOnly("bundled datasets", Set.of("name"));
            Dataset d = bundled(s.target());
            return s.option("name") == null ? d : d.withName(s.option("name"));
        }
        Path p = Path.of(s.target());
        if (!Files.exists(p) && s.target().contains(",")) {
            String[] parts = s.target().split(",", -1);
            if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
                throw new DataFormatException(s.target(), "expected IMAGES,LABELS (two IDX files)");
            }
            return IdxFormat.read(Path.of(parts[0].strip()), Path.of(parts[1].strip()), s);
        }
        if (!Files.exists(p)) {
            throw new DataFormatException(s.target(), "no such file or folder, and not a bundled dataset "
                    + BUNDLED);
        }
        return load(p, s);
    }

    /** Loads a file or folder with default options. */
    public static Dataset load(Path path) {
        return load(path, new DataSpec(path.toString(), java.util.Map.of()));
    }

    private static Dataset load(Path p, DataSpec s) {
        if (Files.isDirectory(p)) {
            return ImageFolderFormat.read(p, s);
        }
        String name = p.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".csv") || name.endsWith(".csv.gz")) {
            return CsvFormat.read(p, s);
        }
        byte[] head = FileBytes.head(p, 8);
        if (DsdFormat.matches(head)) {
            s.allowOnly(".dsd files", Set.of("name"));
            Dataset d = DsdFormat.read(p).toDataset();
            return s.option("name") == null ? d : d.withName(s.option("name"));
        }
        if (IdxFormat.matches(head)) {
            return IdxFormat.read(p, IdxFormat.labelsFor(p), s);
        }
        throw new DataFormatException(p, "unknown format: not .dsd (magic DSDS), IDX (magic 00 00 TYPE DIMS), "
                + ".csv or an image folder");
    }

    /** Loads a bundled dataset from the classpath ({@code /datasets/NAME.dsd.gz}), checking its SHA-256. */
    public static Dataset bundled(String name) {
        if (!BUNDLED.contains(name)) {
            throw new DataFormatException(name, "not a bundled dataset " + BUNDLED);
        }
        String resource = "/datasets/" + name + ".dsd.gz";
        InputStream in = Datasets.class.getResourceAsStream(resource);
        if (in == null) {
            throw new DataFormatException(resource, "bundled dataset missing from the classpath");
        }
        return DsdFormat.parse(resource, FileBytes.read(resource, in)).toDataset();
    }

    /**
     * Saves {@code d} as a {@code .dsd} file ({@code .dsd.gz} names are gzipped), quantizing values in [0, 1] to 8-bit
     * levels; written atomically.
     */
    public static void save(Dataset d, Path file) throws IOException {
        DsdFormat.write(RawImages.of(d, 255), file);
    }
}
