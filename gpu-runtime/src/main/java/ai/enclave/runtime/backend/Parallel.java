package ai.enclave.runtime.backend;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.ForkJoinTask;

/**
 * Splits an index range into contiguous chunks and runs them on a fixed pool plus the calling
 * thread, which takes the first chunk itself instead of sleeping until the pool is done (a decode
 * step makes about a hundred of these calls, so a wake-up saved each time shows). Each index is
 * handled by exactly one chunk, and kernels never let the chunking decide the order of a sum, so
 * results do not depend on how many threads ran.
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
        this.pool = this.threads == 1 ? null : new ForkJoinPool(this.threads - 1);
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
        for (long from = size; from < n; from += size) {
            long lo = from;
            long hi = Math.min(n, from + size);
            tasks.add(pool.submit(() -> body.run(lo, hi)));
        }
        body.run(0, Math.min(n, size));
        for (int i = tasks.size() - 1; i >= 0; i--) tasks.get(i).join();
    }
}
