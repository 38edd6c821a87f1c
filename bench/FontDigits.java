import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.font.FontRenderContext;
import java.awt.geom.AffineTransform;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * Renders the digits 0-9 in the given TrueType fonts as 28x28 white-on-black PNGs in class folders (ImageFolder
 * format): a digit set of another style than MNIST for checking domain adaptation on data the code never saw in
 * development. Each image draws its font, size, rotation, stroke width and position from a seeded generator.
 * Usage: java FontDigits.java OUT_DIR PER_CLASS SEED FONT.ttf...
 */
public final class FontDigits {
    private static final int SIZE = 28;

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        int perClass = Integer.parseInt(args[1]);
        Random rng = new Random(Long.parseLong(args[2]));
        List<Font> fonts = new ArrayList<>();
        for (int i = 3; i < args.length; i++) {
            fonts.add(Font.createFont(Font.TRUETYPE_FONT, new File(args[i])));
        }
        if (fonts.isEmpty()) {
            throw new IllegalArgumentException("no fonts given");
        }
        for (int digit = 0; digit < 10; digit++) {
            Path dir = Files.createDirectories(out.resolve(Integer.toString(digit)));
            for (int n = 0; n < perClass; n++) {
                BufferedImage img = render(Integer.toString(digit), fonts.get(rng.nextInt(fonts.size())), rng);
                ImageIO.write(img, "png", dir.resolve(String.format("%04d.png", n)).toFile());
            }
        }
    }

    private static BufferedImage render(String text, Font base, Random rng) {
        // MNIST-like framing: the glyph's box about 14-22 pixels high, centred, with a little jitter
        float size = 14 + 8 * rng.nextFloat();
        Font font = base.deriveFont(size * 1.35f);
        FontRenderContext frc = new FontRenderContext(null, true, true);
        Shape glyph = font.createGlyphVector(frc, text).getOutline();
        Rectangle2D b = glyph.getBounds2D();
        double scale = size / b.getHeight();
        AffineTransform t = new AffineTransform();
        t.translate(SIZE / 2.0 + rng.nextGaussian(), SIZE / 2.0 + rng.nextGaussian());
        t.rotate(Math.toRadians(-15 + 30 * rng.nextDouble()));
        t.shear(-0.2 + 0.4 * rng.nextDouble(), 0);
        t.scale(scale, scale);
        t.translate(-b.getCenterX(), -b.getCenterY());
        Shape s = t.createTransformedShape(glyph);
        BufferedImage img = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_BYTE_GRAY);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.BLACK);
        g.fillRect(0, 0, SIZE, SIZE);
        g.setColor(new Color(200 + rng.nextInt(56), 200 + rng.nextInt(56), 200 + rng.nextInt(56)));
        g.fill(s);
        float stroke = 2.5f * rng.nextFloat();
        if (stroke > 0.3f) {
            g.setStroke(new BasicStroke(stroke, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND));
            g.draw(s);
        }
        g.dispose();
        return img;
    }
}
