package ai.enclave.runtime.cli;

import ai.enclave.runtime.backend.Backend;
import ai.enclave.runtime.backend.Backends;
import ai.enclave.runtime.backend.Parallel;
import ai.enclave.runtime.infer.Decoder;
import ai.enclave.runtime.model.ModelConfig;
import ai.enclave.runtime.model.ModelConfig.Family;
import ai.enclave.runtime.model.ParameterTensors;
import ai.enclave.runtime.model.Rng;
import ai.enclave.runtime.model.Transformer;
import ai.enclave.runtime.train.AdamW;
import java.io.PrintStream;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.management.ManagementFactory;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The fixed benchmark of issue 3: SGEMM peak, training config A (GPT-2 style, V 8192, T 256, L 6,
 * NH 6, C 384, B 8), prefill and decode of config B (Llama style, C 512, L 8, NH 8, F 1376, V 8192).
 * FLOPs follow the PaLM count: 6 * params * tokens + 12 * L * C * T per token for attention (training).
 * Every figure is the best of a few timings (training steps, prefills, eight windows of 16 decode steps),
 * like the SGEMM peak and the memory bandwidth it is compared with, so that other work on a shared
 * machine does not decide it. Decode at batch 1 is bound by reading the weights once per token, so it
 * is reported as a fraction of the memory bandwidth, measured by passes between its windows (the host's
 * bandwidth drifts by a third from minute to minute); batch 16 as a multiple of batch 1.
 */
final class Bench {
    /** Decode steps per timing window; the best window counts. */
    private static final int WINDOW = 16;

    /**
     * Java heap bytes allocated by all threads: decode reports them per step over its last window, when
     * the JIT has compiled its kernels (earlier, interpreted Vector API code allocates per vector).
     */
    private static final com.sun.management.ThreadMXBean ALLOCATION =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;

    private Bench() {}

    static void run(Args a, PrintStream out) {
        Backend be = Backends.create(a.integer("threads"));
        int threads = be.threads();
        int trainSteps = a.integer("steps");
        try (Arena arena = Arena.ofShared();
                MemoryBandwidth memory = new MemoryBandwidth(threads)) {
            double peak = sgemmPeak(be, arena);
            out.printf("{\"name\":\"sgemm-peak\",\"gflops\":%.1f,\"threads\":%d}%n", peak, threads);
            double bandwidth = 0;
            for (int r = 0; r < 6; r++) bandwidth = Math.max(bandwidth, memory.pass()); // the first compiles the loop
            out.printf("{\"name\":\"memory-bandwidth\",\"gb_per_s\":%.2f,\"threads\":%d}%n", bandwidth, threads);

            ModelConfig cfgA = new ModelConfig(Family.GPT2, 8192, 384, 6, 6, 6, 1536, 256, 1e-5f, 0f, 0f, true);
            int b = 8, t = 256;
            ParameterTensors pa = new ParameterTensors(cfgA, arena);
            pa.randomInit(1);
            Transformer model = new Transformer(cfgA, be, pa, b, t, true, arena);
            AdamW opt = new AdamW(pa, 0.9f, 0.95f, 1e-8f, 0.1f, arena);
            Rng rng = new Rng(7);
            int[] in = new int[b * t], tg = new int[b * t];
            for (int i = 0; i < in.length; i++) {
                in[i] = rng.nextInt(8192);
                tg[i] = rng.nextInt(8192);
            }
            double secs = Double.MAX_VALUE;
            for (int s = -1; s < trainSteps; s++) { // step -1 warms up the JIT
                long start = System.nanoTime();
                model.zeroGrad();
                model.forward(in, tg, b, t);
                model.backward(1f / (b * t));
                AdamW.clipGradNorm(be, model.grads, 1f);
                opt.update(be, pa, model.grads, 1e-4f);
                if (s >= 0) secs = Math.min(secs, (System.nanoTime() - start) / 1e9);
            }
            double tps = (double) b * t / secs;
            double flopsPerToken = 6.0 * pa.count + 12.0 * cfgA.layers() * cfgA.channels() * t;
            double gflops = tps * flopsPerToken / 1e9;
            out.printf(
                    "{\"name\":\"train-A\",\"tokens_per_s\":%.1f,\"threads\":%d,\"gflops\":%.1f,\"peak_gflops\":%.1f,\"fraction_of_peak\":%.3f}%n",
                    tps, threads, gflops, peak, gflops / peak);

            ModelConfig cfgB = new ModelConfig(Family.LLAMA, 8192, 512, 8, 8, 8, 1376, 1024, 1e-6f, 10000f, 0f, false);
            ParameterTensors pb = new ParameterTensors(cfgB, arena);
            pb.randomInit(2);
            pb.packForInference(be, arena);
            long weightBytes = 4L
                    * (pb.count - (long) cfgB.vocabSize() * cfgB.channels()); // embedding table: one row read per token
            int prompt = 512;
            Decoder prefill = new Decoder(cfgB, be, pb, 1, prompt + 1, prompt, arena);
            int[] ids = new int[prompt];
            for (int i = 0; i < prompt; i++) ids[i] = rng.nextInt(8192);
            prefill.forward(ids, new int[] {0}, new int[] {0}, new int[] {0, prompt}, 1);
            double ps = Double.MAX_VALUE;
            for (int r = 0; r < 3; r++) {
                long p0 = System.nanoTime();
                prefill.forward(ids, new int[] {0}, new int[] {0}, new int[] {0, prompt}, 1);
                ps = Math.min(ps, (System.nanoTime() - p0) / 1e9);
            }
            double pflops = 2.0 * (pb.count - (double) cfgB.vocabSize() * cfgB.channels()) * prompt
                    + 4.0 * cfgB.layers() * cfgB.channels() * prompt * prompt
                    + 2.0 * cfgB.vocabSize() * cfgB.channels();
            out.printf(
                    "{\"name\":\"prefill-B\",\"tokens_per_s\":%.1f,\"threads\":%d,\"gflops\":%.1f,\"peak_gflops\":%.1f,\"fraction_of_peak\":%.3f}%n",
                    prompt / ps, threads, pflops / ps / 1e9, peak, pflops / ps / 1e9 / peak);

            double batch1 = 0;
            for (int batch : new int[] {1, 16}) {
                int steps = 128;
                // the first steps run before the JIT has compiled the kernels this batch size uses
                int warmup = 16;
                int promptLen = 16;
                Decoder dec =
                        new Decoder(cfgB, be, pb, batch, promptLen + warmup + steps, Math.max(batch, promptLen), arena);
                int[] slots = new int[batch],
                        starts = new int[batch],
                        groups = new int[batch + 1],
                        toks = new int[batch];
                for (int s = 0; s < batch; s++) {
                    int[] pr = new int[promptLen];
                    for (int i = 0; i < promptLen; i++) pr[i] = rng.nextInt(8192);
                    dec.forward(pr, new int[] {s}, new int[] {0}, new int[] {0, promptLen}, 1);
                    slots[s] = s;
                    groups[s + 1] = s + 1;
                }
                double bestWindow = Double.MAX_VALUE, sideBySide = 0;
                long d0 = 0, allocated = 0;
                for (int step = -warmup; step < steps; step++) {
                    if (step == steps - WINDOW) allocated = -ALLOCATION.getTotalThreadAllocatedBytes();
                    if (step >= 0 && step % WINDOW == 0) d0 = System.nanoTime();
                    int pos = promptLen + warmup + step;
                    for (int s = 0; s < batch; s++) {
                        starts[s] = pos;
                        toks[s] = rng.nextInt(8192);
                    }
                    dec.forward(toks, slots, starts, groups, batch);
                    if (step == steps - 1) allocated += ALLOCATION.getTotalThreadAllocatedBytes();
                    if (step >= 0 && step % WINDOW == WINDOW - 1) {
                        bestWindow = Math.min(bestWindow, (System.nanoTime() - d0) / 1e9);
                        // batch 1 is held to the bandwidth of the same minutes: a pass between its windows
                        if (batch == 1) sideBySide = Math.max(sideBySide, memory.pass());
                    }
                }
                double stepsPerSecond = WINDOW / bestWindow;
                double tokensPerSecond = stepsPerSecond * batch;
                double gbPerSecond = stepsPerSecond * weightBytes / 1e9;
                String versus;
                if (batch == 1) {
                    batch1 = tokensPerSecond;
                    versus = String.format(
                            ",\"bandwidth_gb_per_s\":%.2f,\"fraction_of_bandwidth\":%.3f",
                            sideBySide, gbPerSecond / sideBySide);
                } else {
                    versus = String.format(",\"x_batch1\":%.2f", tokensPerSecond / batch1);
                }
                out.printf(
                        "{\"name\":\"decode-B-batch%d\",\"tokens_per_s\":%.1f,\"threads\":%d,\"gb_per_s\":%.2f%s,"
                                + "\"allocated_bytes_per_step\":%d}%n",
                        batch, tokensPerSecond, threads, gbPerSecond, versus, allocated / WINDOW);
            }
        }
    }

    /**
     * Passes summing a 512 MB off-heap array on all threads, in GB/s: the bound decode at batch 1 meets.
     * Four independent sums per thread keep the adds off the critical path, so only memory decides the
     * time. The array lives as long as the bench, so passes can run between decode windows.
     */
    static final class MemoryBandwidth implements AutoCloseable {
        private static final long FLOATS = 128L << 20;
        private final Arena scratch = Arena.ofShared(); // shared: the pool threads read it
        private final MemorySegment data = scratch.allocate(FLOATS * 4, 64); // zero-filled: every page mapped
        private final Parallel parallel;

        MemoryBandwidth(int threads) {
            parallel = Parallel.withThreads(threads);
        }

        double pass() {
            long s = System.nanoTime();
            parallel.forRange(FLOATS / 64, 1 << 12, (from, to) -> blackhole += sum(data, from * 64, to * 64));
            return FLOATS * 4 / ((System.nanoTime() - s) / 1e9) / 1e9;
        }

        @Override
        public void close() {
            scratch.close();
        }
    }

    /** Keeps the sums alive so the JIT cannot drop the reads. */
    private static volatile float blackhole;

    private static float sum(MemorySegment data, long from, long to) {
        FloatVector s0 = FloatVector.zero(F), s1 = s0, s2 = s0, s3 = s0;
        int l = F.length();
        for (long i = from * 4; i < to * 4; i += 16L * l) {
            s0 = s0.add(FloatVector.fromMemorySegment(F, data, i, ByteOrder.nativeOrder()));
            s1 = s1.add(FloatVector.fromMemorySegment(F, data, i + 4L * l, ByteOrder.nativeOrder()));
            s2 = s2.add(FloatVector.fromMemorySegment(F, data, i + 8L * l, ByteOrder.nativeOrder()));
            s3 = s3.add(FloatVector.fromMemorySegment(F, data, i + 12L * l, ByteOrder.nativeOrder()));
        }
        return s0.add(s1).add(s2.add(s3)).lane(0);
    }

    /** Best of a few 2048^3 SGEMMs through the backend, in GFLOP/s. */
    static double sgemmPeak(Backend be, Arena arena) {
        int n = 2048;
        MemorySegment x = arena.allocate(4L * n * n, 64),
                y = arena.allocate(4L * n * n, 64),
                z = arena.allocate(4L * n * n, 64);
        Rng rng = new Rng(3);
        for (long i = 0; i < (long) n * n; i++) {
            x.setAtIndex(java.lang.foreign.ValueLayout.JAVA_FLOAT, i, rng.nextFloat());
            y.setAtIndex(java.lang.foreign.ValueLayout.JAVA_FLOAT, i, rng.nextFloat());
        }
        double best = 0;
        for (int r = 0; r < 4; r++) {
            long s = System.nanoTime();
            be.gemm(false, true, n, n, n, 1f, x, n, y, n, 0f, z, n);
            best = Math.max(best, 2.0 * n * n * n / ((System.nanoTime() - s) / 1e9) / 1e9);
        }
        return best;
    }
}
