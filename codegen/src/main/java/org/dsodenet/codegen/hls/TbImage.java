package org.dsodenet.codegen.hls;

import java.util.List;

/** One testbench image: the input of the generated top function and every traced array, in call order. */
public record TbImage(int index, List<String> input, List<TbRecord> expected) {
    public TbImage {
        input = List.copyOf(input);
        expected = List.copyOf(expected);
        if (expected.isEmpty()) {
            throw new IllegalArgumentException("testbench image " + index + " has no expected values");
        }
    }
}
