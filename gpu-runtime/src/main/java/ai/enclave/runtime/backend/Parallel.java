package ai.enclave.runtime.backend;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Splits an index range into contiguous chunks and runs them on fixed worker threads plus the calling
 * thread. A decode step makes about a hundred calls of 20-300 microseconds each; a parked thread takes
 * about as long to wake, so with a pool that parks between calls the caller had done all the chunks
 * itself before a worker arrived (measured: 2 threads no faster than 1 on such calls). Workers here spin
 * for {@link #SPIN_NANOS} after their last chunk before they park, as OpenMP runtimes and OpenBLAS do, so
 * the calls of a step find them awake, and an idle process goes quiet soon after. Each index is handled
 * by exactly one chunk, and kernels never let the chunking decide the order of a sum, so results do not
 * depend on how many threads ran or which ran a chunk.
 *
 * <p>One instance per thread count, shared by every backend of the process ({@link #withThreads}), so
 * workers are started once. One range at a time: concurrent callers take turns; a call from inside a
 * chunk (or from a worker) runs inline.
 */
public final class Parallel {
    /** How long an idle worker keeps looking for the next call before it parks. */
    static final long SPIN_NANOS = 200_000;

    @FunctionalInterface
    public interface RangeBody {
        void run(long from, long to);
    }

    private final int threads;
    private final Worker[] workers;
    private final ReentrantLock turn = new ReentrantLock();
    /** The latest call; workers take its chunks. A stale reference only finds its chunks all taken. */
    private volatile Job current;

    /**
     * One call: its chunks are claimed from a counter of their own, so no claim can reach another call.
     * Fixed chunks have the same size; shrinking ones take a share of what is left (see {@link
     * #forRangeShrinking}). The call is done when every index has run.
     */
    private static final class Job {
        final RangeBody body;
        final long n, size, share;
        final AtomicLong next = new AtomicLong();
        final AtomicLong unfinished;
        volatile Throwable failure;

        /** size: indices per chunk; share: 0 for fixed chunks, else each claim takes 1/share of what is left. */
        Job(RangeBody body, long n, long size, long share) {
            this.body = body;
            this.n = n;
            this.size = size;
            this.share = share;
            this.unfinished = new AtomicLong(n);
        }

        /**
         * Takes chunks until none is left, then counts the indices it ran as finished, once: a count per
         * chunk would move that counter's line between the cores at every chunk.
         */
        void runChunks() {
            long ran = 0;
            try {
                while (true) {
                    long from, to;
                    if (share == 0) {
                        from = next.getAndAdd(size);
                        if (from >= n) return;
                        to = Math.min(n, from + size);
                    } else {
                        from = next.get();
                        if (from >= n) return;
                        to = Math.min(n, from + Math.max(size, (n - from) / share));
                        if (!next.compareAndSet(from, to)) continue;
                    }
                    ran += to - from;
                    try {
                        body.run(from, to);
                    } catch (Throwable t) {
                        failure = t;
                    }
                }
            } finally {
                if (ran > 0) unfinished.addAndGet(-ran);
            }
        }
    }

    private static final Map<Integer, Parallel> SHARED = new ConcurrentHashMap<>();

    /** The process's instance for this many threads (at least 1). */
    public static Parallel withThreads(int threads) {
        return SHARED.computeIfAbsent(Math.max(1, threads), Parallel::new);
    }

    private Parallel(int threads) {
        this.threads = Math.max(1, threads);
        this.workers = new Worker[this.threads - 1];
        for (int i = 0; i < workers.length; i++) {
            workers[i] = new Worker(i + 1);
            workers[i].start();
        }
    }

    public int threads() {
        return threads;
    }

    /** Runs body over [0, n) in chunks of at least minChunk indices, at most four chunks per thread. */
    public void forRange(long n, long minChunk, RangeBody body) {
        forRange(n, minChunk, (long) threads * 4, body);
    }

    /**
     * Runs body over [0, n) in chunks of at least minChunk indices, at most maxChunks of them: more chunks
     * balance the threads better at the end of a call and cost a claim (an atomic increment) each.
     */
    public void forRange(long n, long minChunk, long maxChunks, RangeBody body) {
        if (n <= 0) return;
        long chunks = Math.min(maxChunks, Math.max(1, n / Math.max(1, minChunk)));
        run(n, chunks > 1, (n + chunks - 1) / chunks, 0, body);
    }

    /**
     * Runs body over [0, n) in chunks that shrink as the range runs out: each claim takes a
     * (2 * threads)-th of the indices left, at least minChunk. The threads still end a call at most
     * minChunk apart, with a few claims instead of one per minChunk: every claim moves the counter's
     * cache line between the cores, which costs most on hosts whose cores sit on two dies.
     */
    public void forRangeShrinking(long n, long minChunk, RangeBody body) {
        if (n <= 0) return;
        long size = Math.max(1, minChunk);
        run(n, n > size, size, 2L * threads, body);
    }

    /** split: whether the range is more than one chunk, else the caller runs it alone. */
    private void run(long n, boolean split, long size, long share, RangeBody body) {
        if (!split || threads == 1 || turn.isHeldByCurrentThread() || Thread.currentThread() instanceof Worker) {
            body.run(0, n);
            return;
        }
        turn.lock();
        try {
            Job job = new Job(body, n, size, share);
            current = job;
            for (Worker w : workers) {
                if (w.parked) LockSupport.unpark(w);
            }
            job.runChunks();
            while (job.unfinished.get() > 0) Thread.onSpinWait();
            Throwable f = job.failure;
            if (f instanceof RuntimeException r) throw r;
            if (f instanceof Error e) throw e;
            if (f != null) throw new IllegalStateException(f);
        } finally {
            turn.unlock();
        }
    }

    private final class Worker extends Thread {
        /** Set before parking and read by the caller after it publishes a call: one of them sees the other. */
        volatile boolean parked;

        Worker(int index) {
            super("enclave-parallel-" + index);
            setDaemon(true);
        }

        @Override
        public void run() {
            Job seen = null;
            while (true) {
                long idleSince = System.nanoTime();
                Job job;
                while ((job = current) == seen) {
                    if (System.nanoTime() - idleSince < SPIN_NANOS) {
                        Thread.onSpinWait();
                    } else {
                        parked = true;
                        if (current == seen) LockSupport.park(this);
                        parked = false;
                        idleSince = System.nanoTime();
                    }
                }
                seen = job;
                job.runChunks();
            }
        }
    }
}
