package org.dsodenet.quant;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dsodenet.codegen.estimate.Part;
import org.dsodenet.codegen.hls.CSim;
import org.dsodenet.codegen.hls.HlsOptions;
import org.dsodenet.codegen.hls.HlsProjectGenerator;
import org.dsodenet.codegen.hls.TestbenchExporter;
import org.dsodenet.codegen.hls.WeightMode;
import org.dsodenet.data.Dataset;
import org.dsodenet.ops.fixed.model.QNetwork;

/** The end of every end-to-end bit-exactness test: the quantized network's HLS project, compiled and run. */
public final class CSimBitExact {
    private CSimBitExact() {}

    /**
     * Exports {@code q} with top function {@code top} into {@code dir}, with the first {@code n} of {@code images}
     * as testbench data, runs its C simulation on the bundled host headers and asserts that it ran and matched the
     * Java forward on every value; answers how many values it compared, which the caller bounds from below.
     */
    public static long compared(QNetwork q, String top, Path dir, Dataset images, int n) {
        List<long[]> in = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            in.add(Quantizer.quantizeInput(q, images.image(i)));
        }
        HlsOptions opt = new HlsOptions(top, Part.ZCU104, 5, WeightMode.RUNTIME, false, false);
        Path prj = HlsProjectGenerator.generate(q, opt, dir, TestbenchExporter.images(q, opt, in));
        CSim.Result r = CSim.run(prj, "host");
        assertEquals(0, r.exit(), r.log());
        assertEquals(0, r.mismatches(), r.log());
        return r.compared();
    }
}
