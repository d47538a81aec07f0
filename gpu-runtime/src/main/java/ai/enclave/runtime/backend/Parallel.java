package ai.enclave.runtime.backend;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;

/**
 * Splits an index range into contiguous chunks and runs them on a fixed pool. Each index is handled
 * by exactly one chunk, and kernels never let the chunking decide the order of a sum, so results do
 * not depend on how many threads ran.
 */
public final class Parallel {

    @FunctionalInterface
    public interface RangeBody {
        void run(long from, long to);
    }

    private final ForkJoinPool pool;
    private final int threads;

    public Parallel(int threads) {
        this.threads = Math.max(1, threads);
        this.pool = new ForkJoinPool(this.threads);
    }

    public int threads() {
        return threads;
    }

    /** Runs body over [0, n) in chunks of at least minChunk indices. */
    public void forRange(long n, long minChunk, RangeBody body) {
        if (n <= 0) return;
        long chunks = Math.min((long) threads * 4, Math.max(1, n / Math.max(1, minChunk)));
        if (chunks <= 1 || threads == 1) {
            body.run(0, n);
            return;
        }
        long size = (n + chunks - 1) / chunks;
        List<ForkJoinTask<?>> tasks = new ArrayList<>((int) chunks);
        for (long from = 0; from < n; from += size) {
            long lo = from;
            long hi = Math.min(n, from + size);
            tasks.add(pool.submit(() -> body.run(lo, hi)));
        }
        for (ForkJoinTask<?> t : tasks) t.join();
    }
}
