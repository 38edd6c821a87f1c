package org.dsodenet.data.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.dsodenet.data.DataFormatException;
import org.dsodenet.data.Dataset;
import org.dsodenet.data.Datasets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvFormatTest {
    @TempDir
    Path dir;

    private Path write(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return p;
    }

    @Test
    void sklearnStyleLabelLastNoHeaderSixteenLevels() throws Exception {
        Path p = write("digits.csv", "0,16,8,4,3\n2,0,0,16,1\n\n");
        Dataset d = Datasets.load(p.toString());
        assertEquals(2, d.size());
        assertEquals(1, d.channels());
        assertEquals(2, d.height());
        assertArrayEquals(new int[] {3, 1}, d.labels());
        assertEquals(4, d.numClasses());
        assertArrayEquals(new float[] {0f, 1f, 0.5f, 0.25f, 0.125f, 0f, 0f, 1f}, d.images());
        assertEquals("digits", d.name());
    }

    @Test
    void aByteOrderMarkDoesNotTurnTheFirstLineIntoAHeader() throws Exception {
        Path p = write("bom.csv", "\uFEFF0,16,8,4,3\n2,0,0,16,1\n");
        Dataset d = Datasets.load(p.toString());
        assertArrayEquals(new int[] {3, 1}, d.labels());
        assertArrayEquals(new float[] {0f, 1f, 0.5f, 0.25f, 0.125f, 0f, 0f, 1f}, d.images());
    }

    @Test
    void kaggleStyleHeaderWithLabelFirstAnd255Levels() throws Exception {
        Path p = write("train.csv", "label,pixel0,pixel1,pixel2,pixel3\n5,0,255,51,17\n9,1,2,3,4\n");
        Dataset d = Datasets.load(p + "?classes=10");
        assertArrayEquals(new int[] {5, 9}, d.labels());
        assertEquals(10, d.numClasses());
        assertEquals(1f, d.pixel(0, 0, 0, 1));
        assertEquals(51f / 255, d.pixel(0, 0, 1, 0));
        assertEquals(4f / 255, d.pixel(1, 0, 1, 1));
    }

    @Test
    void gzippedSemicolonsFloatsShapeAndLabelOptions() throws Exception {
        Path gz = dir.resolve("c.csv.gz");
        Files.write(gz, DsdFormatTest.gzip("1;0.5;0.25;0.75;1;0;0.5\n0;1;1;1;0;0;0\n".getBytes(StandardCharsets.UTF_8)));
        // six values: not square, three channels of 1×2 with shape
        DataFormatException e = assertThrows(DataFormatException.class, () -> Datasets.load(gz + "?label=first"));
        assertTrue(e.getMessage().contains("not a square image; give shape=CxHxW"), e.getMessage());
        Dataset d = Datasets.load(gz + "?label=first&shape=3x1x2");
        assertEquals(3, d.channels());
        assertArrayEquals(new int[] {1, 0}, d.labels());
        assertEquals(0.75f, d.pixel(0, 1, 0, 0), "values ≤ 1 are kept");
        assertEquals(0.5f, d.pixel(0, 2, 0, 1));
        Path twelve = write("rgb.csv", "1,2,3,4,5,6,7,8,9,10,11,12,0\n");
        Dataset rgb = Datasets.load(twelve + "?max=20");
        assertEquals(3, rgb.channels(), "12 values = 3 planes of 2x2");
        assertEquals(12f / 20, rgb.pixel(0, 2, 1, 1));
        assertEquals(12f / 16, Datasets.load(twelve.toString()).pixel(0, 2, 1, 1), "integers up to 16 → /16");
        Path above = write("rgb17.csv", "1,2,3,4,5,6,7,8,9,10,11,17,0\n");
        assertEquals(17f / 255, Datasets.load(above.toString()).pixel(0, 2, 1, 1), "integers above 16 → /255");
        Path named = write("n.csv", "a,b,cls,d,e\n1,2,7,3,4\n");
        assertEquals(7, Datasets.load(named + "?label=cls").label(0));
        assertEquals(4, Datasets.load(named.toString()).label(0), "no recognised label column → last");
    }

    @Test
    void malformedCsvIsRejectedWithLineAndReason() throws Exception {
        expect("a.csv", "1,2,3,4,0\n1,2,3,0\n", "line 2 has 4 fields, expected 5");
        expect("b.csv", "1,2,3,4,0\n1,x,3,4,0\n", "line 2, column 2: 'x' is not a finite number");
        expect("c.csv", "1,2,3,4,0\n1,-2,3,4,0\n", "line 2: pixel value -2 is negative");
        expect("d.csv", "1,2,3,4,0.5\n", "line 1: label 0.5 is not an integer");
        expect("e.csv", "1,2,3,4,-1\n", "label -1 of image 0 is negative");
        expect("f.csv", "", "no data lines");
        expect("g.csv", "label,p0,p1,p2,p3\n", "no data lines");
        expect("h.csv", "1,2,3,4,NaN\n", "'NaN' is not a finite number");
        expect("i.csv", "1,2,3,70000,1\n", "give max=");
        Path p = write("j.csv", "1,2,3,4,1\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Datasets.load(p + "?lable=0"));
        assertTrue(e.getMessage().contains("unknown option 'lable'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Datasets.load(p + "?label=cls"));
        assertTrue(e.getMessage().contains("has no header"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Datasets.load(p + "?max=3"));
        assertTrue(e.getMessage().contains("exceeds max=3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Datasets.load(p + "?shape=2x2"));
        assertTrue(e.getMessage().contains("is not CxHxW"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Datasets.load(p + "?classes=1"));
        assertTrue(e.getMessage().contains("label 1 of image 0 is outside [0, 1)"), e.getMessage());
    }

    private void expect(String name, String content, String reason) throws IOException {
        Path p = write(name, content);
        DataFormatException e = assertThrows(DataFormatException.class, () -> Datasets.load(p.toString()));
        assertTrue(e.getMessage().startsWith(p + ": ") && e.getMessage().contains(reason),
                e.getMessage() + " should say " + reason);
        assertEquals(1, e.getMessage().lines().count());
    }
}
