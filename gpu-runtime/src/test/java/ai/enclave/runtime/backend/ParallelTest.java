package ai.enclave.runtime.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The range splitter the CPU kernels run on: every index once, failures reported, no deadlock. */
class ParallelTest {
    private final Parallel parallel = Parallel.withThreads(3);

    @Test
    void every_index_runs_exactly_once_whatever_the_range_and_chunk_size() {
        for (int n : new int[] {1, 2, 7, 64, 1000, 4099}) {
            for (int minChunk : new int[] {1, 3, 100}) {
                AtomicIntegerArray runs = new AtomicIntegerArray(n);
                for (int call = 0; call < 20; call++) {
                    parallel.forRange(n, minChunk, (from, to) -> {
                        for (long i = from; i < to; i++) runs.incrementAndGet((int) i);
                    });
                }
                for (int i = 0; i < n; i++)
                    assertThat(runs.get(i)).as("index %d of %d", i, n).isEqualTo(20);
            }
        }
    }

    @Test
    void a_chunk_limit_above_four_per_thread_splits_the_range_that_finely_and_still_runs_every_index_once() {
        int n = 171; // the panels of an 8192-row LM head
        AtomicIntegerArray runs = new AtomicIntegerArray(n);
        AtomicLong chunks = new AtomicLong();
        parallel.forRange(n, 1, n, (from, to) -> {
            chunks.incrementAndGet();
            for (long i = from; i < to; i++) runs.incrementAndGet((int) i);
        });
        assertThat(chunks.get()).isEqualTo(n);
        for (int i = 0; i < n; i++) assertThat(runs.get(i)).as("index %d", i).isEqualTo(1);
        chunks.set(0);
        parallel.forRange(n, 1, (from, to) -> chunks.incrementAndGet());
        assertThat(chunks.get()).as("the default: four chunks per thread").isEqualTo(12);
    }

    @Test
    void shrinking_chunks_run_every_index_once_in_far_fewer_claims_and_end_at_the_least_size() {
        for (int n : new int[] {1, 2, 5, 58, 171, 1000}) {
            for (int minChunk : new int[] {1, 4}) {
                AtomicIntegerArray runs = new AtomicIntegerArray(n);
                List<long[]> chunks = Collections.synchronizedList(new ArrayList<>());
                parallel.forRangeShrinking(n, minChunk, (from, to) -> {
                    chunks.add(new long[] {from, to});
                    for (long i = from; i < to; i++) runs.incrementAndGet((int) i);
                });
                for (int i = 0; i < n; i++)
                    assertThat(runs.get(i)).as("index %d of %d", i, n).isEqualTo(1);
                chunks.sort(Comparator.comparingLong(c -> c[0]));
                long[] last = chunks.get(chunks.size() - 1);
                assertThat(last[1] - last[0]).as("the last chunk of %d", n).isLessThanOrEqualTo(minChunk);
                for (int c = 1; c < chunks.size(); c++) {
                    long[] before = chunks.get(c - 1), after = chunks.get(c);
                    assertThat(after[1] - after[0])
                            .as("chunk sizes never grow (%d)", n)
                            .isLessThanOrEqualTo(Math.max(minChunk, before[1] - before[0]));
                }
                if (n >= 171 && minChunk == 1)
                    assertThat(chunks.size()).as("claims for %d indices", n).isLessThan(n / 4);
            }
        }
    }

    @Test
    void a_failing_chunk_reaches_the_caller_and_the_next_call_still_runs() {
        assertThatThrownBy(() -> parallel.forRange(100, 1, (from, to) -> {
                    if (from <= 50 && 50 < to) throw new IllegalStateException("chunk with 50");
                }))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("chunk with 50");
        AtomicLong sum = new AtomicLong();
        parallel.forRange(100, 1, (from, to) -> {
            for (long i = from; i < to; i++) sum.addAndGet(i);
        });
        assertThat(sum.get()).isEqualTo(4950);
    }

    @Test
    void a_range_started_inside_a_chunk_runs_inline() {
        AtomicLong inner = new AtomicLong();
        parallel.forRange(8, 1, (from, to) -> parallel.forRange(10, 1, (a, b) -> inner.addAndGet(b - a)));
        assertThat(inner.get()).isEqualTo(8 * 10);
    }

    @Test
    void callers_on_several_threads_take_turns_and_all_finish() throws Exception {
        try (ExecutorService callers = Executors.newFixedThreadPool(4)) {
            Future<?>[] done = new Future<?>[4];
            long[] sums = new long[4];
            for (int t = 0; t < 4; t++) {
                int id = t;
                done[t] = callers.submit(() -> {
                    for (int call = 0; call < 200; call++) {
                        AtomicLong sum = new AtomicLong();
                        parallel.forRange(1000, 10, (from, to) -> {
                            for (long i = from; i < to; i++) sum.addAndGet(i);
                        });
                        sums[id] += sum.get();
                    }
                });
            }
            for (Future<?> f : done) f.get();
            for (long s : sums) assertThat(s).isEqualTo(200L * 499_500);
        }
    }
}
