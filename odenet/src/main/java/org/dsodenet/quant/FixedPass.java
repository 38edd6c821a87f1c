package org.dsodenet.quant;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.dsodenet.ops.fixed.FixedForward;
import org.dsodenet.ops.fixed.Trace;
import org.dsodenet.ops.fixed.kernel.Values;
import org.dsodenet.ops.fixed.model.QNetwork;

/**
 * The bit-exact forward of one QAT step: the output raws of every image and, when the objective aligns features
 * (which needs a layer before the logits), the counted traces they came from; otherwise the count-free forward.
 *
 * @param outputs the fixed-point logits of every image
 * @param traces  the traces of the counted forward, or null
 */
record FixedPass(List<Values> outputs, List<Trace> traces) {
    /**
     * Starts the pass on a thread of its own, not on the common pool that {@link FixedForward#outputsBatch} splits
     * the images over: from there it would occupy the pool's only worker on a two-core machine and run alone.
     */
    static CompletableFuture<FixedPass> start(QNetwork net, List<long[]> inputs, boolean features) {
        return CompletableFuture.supplyAsync(() -> run(net, inputs, features), Starter.EXECUTOR);
    }

    /** Holds the starting thread, created on first use; a daemon, so it never keeps the program alive. */
    private static final class Starter {
        static final ExecutorService EXECUTOR = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "qat-fixed-pass");
            t.setDaemon(true);
            return t;
        });
    }

    static FixedPass run(QNetwork net, List<long[]> inputs, boolean features) {
        FixedForward fwd = new FixedForward(net);
        if (!features) {
            return new FixedPass(fwd.outputsBatch(inputs), null);
        }
        List<Trace> traces = fwd.runBatch(inputs);
        List<Values> out = new ArrayList<>(traces.size());
        for (Trace t : traces) {
            out.add(t.output().raws());
        }
        return new FixedPass(List.copyOf(out), traces);
    }

    /** Waits for a pass started asynchronously; its failure is thrown as it was, not wrapped. */
    static FixedPass join(CompletableFuture<FixedPass> pending) {
        try {
            return pending.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw e;
        }
    }
}
