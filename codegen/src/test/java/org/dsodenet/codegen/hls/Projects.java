package org.dsodenet.codegen.hls;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.dsodenet.ops.fixed.model.Dims;
import org.dsodenet.ops.fixed.model.QLayer;
import org.dsodenet.ops.fixed.model.QNetwork;
import org.dsodenet.ops.fixed.model.QOdeBlock;

/** Generates HLS projects with testbench data and runs their C simulations, two at a time. */
final class Projects {
    /** C simulations at once: compiling is the cost, and the tests must leave room on a two-core machine. */
    static final int PARALLEL = 2;

    private Projects() {}

    /**
     * Where a test's projects go: its temporary directory, or the directory named by the system property
     * {@code dsodenet.csim.dir} (existing projects there are replaced), to keep them for a look or a run by hand.
     */
    static Path root(Path tmp, String test) {
        String dir = System.getProperty("dsodenet.csim.dir");
        return dir == null || dir.isBlank() ? tmp : Path.of(dir).toAbsolutePath().resolve(test);
    }

    /** A project to verify: the full network, how it is deployed, where it goes, and the inputs of the full network. */
    record Job(String label, QNetwork net, HlsOptions options, Path dir, List<long[]> inputs) {}

    /**
     * A verified project: the C simulation's result and the number of values a complete run compares, counted from
     * the network's shapes (every traced array of every image, plus the output).
     */
    record Verified(Job job, CSim.Result result, long expectedValues) {}

    static Verified verify(Job job) {
        List<TbImage> images = TestbenchExporter.images(job.net(), job.options(), job.inputs());
        HlsProjectGenerator.generate(job.net(), job.options().withForce(true), job.dir(), images);
        long values = images.size() * tracedValues(HlsProjectGenerator.deployed(job.net(), job.options()));
        return new Verified(job, CSim.run(job.dir(), Toolchain.apInclude()), values);
    }

    /**
     * Values the testbench compares per image: every top-level layer's output; for an ODE block, at every step the
     * output of each layer of f and the state; and the network output once more.
     */
    static long tracedValues(QNetwork net) {
        long n = 0;
        Dims d = net.input();
        for (QLayer l : net.layers()) {
            Dims out = l.outputDims(d);
            if (l instanceof QOdeBlock o) {
                Dims fd = o.timeChannel() ? new Dims(d.c() + 1, d.h(), d.w()) : d;
                long perStep = out.size();
                for (QLayer f : o.f()) {
                    fd = f.outputDims(fd);
                    perStep += fd.size();
                }
                n += o.steps() * perStep;
            } else {
                n += out.size();
            }
            d = out;
        }
        return n + d.size();
    }

    /** Verifies the jobs, {@link #PARALLEL} at a time; results in job order. */
    static List<Verified> verifyAll(List<Job> jobs) {
        ExecutorService pool = Executors.newFixedThreadPool(PARALLEL);
        try {
            List<Future<Verified>> futures = new ArrayList<>();
            for (Job j : jobs) {
                futures.add(pool.submit(() -> verify(j)));
            }
            List<Verified> out = new ArrayList<>();
            for (Future<Verified> f : futures) {
                out.add(f.get());
            }
            return out;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error r) {
                throw r;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted");
        } finally {
            pool.shutdownNow();
        }
    }
}
