package org.dsodenet.quant;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.dsodenet.data.Dataset;
import org.dsodenet.odenet.model.OdeNetModel;
import org.dsodenet.ops.layer.Outputs;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Each QAT step runs its float pass in an output scope, so the next step gets its arrays back. Reference: the same
 * run inside one outer scope, where nothing is handed out twice (inner scopes belong to the outermost one). With
 * recycled arrays poisoned with NaN, any read of a tensor after its step, or of a recycled array before it is
 * written, would change the losses or the raws.
 */
class QatOutputScopeTest {
    private static final Dataset TRAIN = TinyQuant.data(64, 7);

    @AfterEach
    void poisonOff() {
        Outputs.setPoison(false);
        Outputs.release();
    }

    @Test
    void stepsThatRecyclePoisonedArraysEqualStepsThatNeverRecycle() {
        for (boolean time : new boolean[] {false, true}) {
            OdeNetModel m = TinyQuant.trained(TinyQuant.config(time), TRAIN, 3, 2);
            TinyQuant.Ptq q = TinyQuant.ptq(m, Precision.parse("6,8,8"), TRAIN.head(24));
            QatOptions o = new QatOptions(2, 16, 3e-3, 5, true);

            QatResult reference;
            try (Outputs.Scope outer = Outputs.open()) {
                reference = Qat.fineTune(q.folded(), q.net(), TRAIN, o, null);
            }
            Outputs.setPoison(true);
            QatResult recycled = Qat.fineTune(q.folded(), q.net(), TRAIN, o, null);

            assertEquals(reference.losses(), recycled.losses());
            List<long[]> a = TinyQuant.raws(reference.net());
            List<long[]> b = TinyQuant.raws(recycled.net());
            assertEquals(a.size(), b.size());
            for (int i = 0; i < a.size(); i++) {
                assertArrayEquals(a.get(i), b.get(i), "raws of tensor " + i);
            }
        }
    }
}
