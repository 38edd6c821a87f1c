package org.dsodenet.codegen.hls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.dsodenet.codegen.estimate.Part;
import org.junit.jupiter.api.Test;

/** Templates are filled strictly: every placeholder gets a value and every value a placeholder. */
class ProjectTemplateTest {
    @Test
    void fillsEveryPlaceholderLiterally() {
        assertEquals("set_part {x$1\\y}\nx$1\\y_prj", ProjectTemplate.fill("t", "set_part {{{p}}}\n{{p}}_prj",
                Map.of("p", "x$1\\y")));
    }

    @Test
    void aPlaceholderWithoutValueOrAValueWithoutPlaceholderIsAnError() {
        assertThrows(IllegalStateException.class, () -> ProjectTemplate.fill("t", "{{a}} {{b}}", Map.of("a", "1")));
        assertThrows(IllegalStateException.class, () -> ProjectTemplate.fill("t", "{{a}}", Map.of("a", "1", "b", "2")));
    }

    @Test
    void theShippedTemplatesFillCompletely() {
        for (WeightMode w : WeightMode.values()) {
            HlsOptions opt = new HlsOptions("my_top", Part.PYNQ_Z2, 7.5, w, false, false);
            for (String text : new String[] {BuildFiles.makefile("my_top"), BuildFiles.buildTcl("my_top", opt),
                    BuildFiles.hlsConfig("my_top", opt), BuildFiles.testbench("my_top", opt)}) {
                assertFalse(text.contains("{{"), text);
            }
            assertEquals(w == WeightMode.RUNTIME, BuildFiles.testbench("my_top", opt).contains("my_top(input, output, params, n == 0);"));
        }
        assertTrue(BuildFiles.buildTcl("my_top", new HlsOptions("my_top", Part.PYNQ_Z2, 7.5, WeightMode.ROM, false, false))
                .contains("set_part {" + Part.PYNQ_Z2.name() + "}\ncreate_clock -period 7.5 -name default\n"));
    }
}
