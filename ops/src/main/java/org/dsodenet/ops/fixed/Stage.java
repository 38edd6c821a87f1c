package org.dsodenet.ops.fixed;

import java.util.List;
import org.dsodenet.ops.fixed.kernel.EulerKernel;
import org.dsodenet.ops.fixed.kernel.LayerKernel;
import org.dsodenet.ops.fixed.model.Dims;
import org.dsodenet.ops.fixed.model.QOdeBlock;

/** One planned top-level layer of a network: a single kernel, or an ODE block with its Euler pieces and f. */
sealed interface Stage {
    /** Whether every kernel of the stage runs on longs. */
    boolean fast();

    /** The size of the largest feature map the stage reads or writes (f's input with a time channel included). */
    int maxSize();

    record Single(LayerKernel kernel) implements Stage {
        @Override
        public boolean fast() {
            return kernel.fast();
        }

        @Override
        public int maxSize() {
            return Math.max(kernel.inDims().size(), kernel.outDims().size());
        }
    }

    record Ode(QOdeBlock block, Dims dims, EulerKernel euler, List<LayerKernel> f) implements Stage {
        @Override
        public boolean fast() {
            return euler.fast() && f.stream().allMatch(LayerKernel::fast);
        }

        @Override
        public int maxSize() {
            int m = dims.size();
            for (LayerKernel k : f) {
                m = Math.max(m, Math.max(k.inDims().size(), k.outDims().size()));
            }
            return m;
        }
    }
}
