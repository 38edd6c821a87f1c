package org.dsodenet.data;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

/** Assertions on a loaded dataset that the format tests share. */
public final class DatasetAsserts {
    private DatasetAsserts() {}

    /** {@code d} holds {@code size} images of {@code channels} × {@code height} × {@code width}. */
    public static void assertGeometry(Dataset d, int size, int channels, int height, int width) {
        assertEquals(List.of(size, channels, height, width), List.of(d.size(), d.channels(), d.height(), d.width()),
                "images, channels, height, width");
    }
}
