package ai.enclave.runtime.backend;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.logging.Logger;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The fast CPU backend: matrix products through OpenBLAS (single-threaded, split across the pool
 * here), except inference's products with packed weights, which get their own Vector API kernel; every
 * other kernel in the Java Vector API, spread over a fixed thread pool. Reductions over rows (weight and bias gradients, sums of squares)
 * go through fixed-size partial sums added in a fixed order, and lane sums, exp and tanh go through
 * {@link VectorMath}, so a run is reproducible bit for bit, in this JVM and in the next.
 * Each kernel mirrors the one of the same name in {@link NaiveBackend}, which is its test oracle.
 */
public final class CpuBackend implements Backend {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();
    /** Rows per partial sum in row reductions: fixed, so sums do not depend on the thread count. */
    private static final int REDUCE_ROWS = 64;
    /** Elements per partial sum in flat reductions. */
    private static final long REDUCE_ELEMENTS = 1 << 16;
    /**
     * Least floats a row kernel (and the residual add) hands to one task. The pool's threads spin
     * between calls, so a task of 4096 floats (8 rows of 512) is worth handing over: at batch 16 each
     * thread then normalises and adds its own half of the rows, and norms and RoPE took half the time
     * they took on one thread (1 << 14 before; the host whose cores sit on two dies is where it shows).
     */
    private static final int GRAIN = 1 << 12;

    private final Parallel parallel;
    private final OpenBlas blas;
    private float[][] partialSums = new float[0][];

    public CpuBackend(int threads) {
        this.parallel = Parallel.withThreads(threads);
        this.blas = OpenBlas.get();
        blas.setThreads(1);
    }

    /** Rows per task for a row kernel that touches about width floats per row. */
    private static long rowsPerChunk(int width) {
        return Math.max(1, GRAIN / Math.max(1, width));
    }

    @Override
    public String name() {
        return "cpu";
    }

    @Override
    public int threads() {
        return parallel.threads();
    }

    /*
     * Loops that call exp() (activations, softmax) use the Vector API's own loads and stores instead of
     * load() and store(). The JIT stops inlining plain calls once it has parsed about 18000 nodes of a
     * method (NodeCountInliningCutoff), exp() brings it close, and a vector handed to a call left out of
     * line is boxed: an allocation per vector and the API's slow Java fallback (decode allocated 2.5 MB a
     * step, SwiGLU took twice as long). The API's own methods are force-inlined past that budget.
     */
    private static FloatVector load(MemorySegment s, long i) {
        return FloatVector.fromMemorySegment(S, s, i * 4, ORDER);
    }

    private static void store(FloatVector v, MemorySegment s, long i) {
        v.intoMemorySegment(s, i * 4, ORDER);
    }

    private static float get(MemorySegment s, long i) {
        return s.getAtIndex(JAVA_FLOAT, i);
    }

    private static void set(MemorySegment s, long i, float v) {
        s.setAtIndex(JAVA_FLOAT, i, v);
    }

    /**
     * Below this many multiply-adds a product runs on the calling thread: handing it to the pool
     * costs more than it saves (the per-head products of decode attention).
     */
    private static final long SERIAL_MACS = 1L << 18;
    /** Least multiply-adds one task of a batched product gets. */
    private static final long TASK_MACS = 1L << 16;

    /**
     * OpenBLAS runs single-threaded and the pool splits a large product into one band of rows (or
     * columns) per thread. Letting OpenBLAS thread itself was 5x slower at decode on 2 cores: its
     * workers spin between calls and fight the pool's threads for the cores.
     */
    @Override
    public void gemm(
            boolean transA,
            boolean transB,
            int m,
            int n,
            int k,
            float alpha,
            MemorySegment a,
            int lda,
            MemorySegment b,
            int ldb,
            float beta,
            MemorySegment c,
            int ldc) {
        if (m == 0 || n == 0) return;
        if (k == 0) {
            // BLAS may skip C entirely when k == 0; the contract is C = beta * C
            for (int i = 0; i < m; i++)
                for (int j = 0; j < n; j++)
                    set(c, (long) i * ldc + j, beta == 0 ? 0 : beta * get(c, (long) i * ldc + j));
            return;
        }
        int threads = parallel.threads();
        if (threads == 1 || (long) m * n * k < SERIAL_MACS) {
            blas.sgemm(transA, transB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
            return;
        }
        boolean splitRows = m >= n;
        int dim = splitRows ? m : n;
        int band = Math.max(32, ((dim + threads - 1) / threads + 31) / 32 * 32);
        parallel.forRange(dim, band, (from, to) -> {
            int lo = (int) from, count = (int) (to - from);
            if (splitRows) {
                MemorySegment aBand = transA ? a.asSlice(lo * 4L) : a.asSlice((long) lo * lda * 4);
                blas.sgemm(
                        transA,
                        transB,
                        count,
                        n,
                        k,
                        alpha,
                        aBand,
                        lda,
                        b,
                        ldb,
                        beta,
                        c.asSlice((long) lo * ldc * 4),
                        ldc);
            } else {
                MemorySegment bBand = transB ? b.asSlice((long) lo * ldb * 4) : b.asSlice(lo * 4L);
                blas.sgemm(transA, transB, m, count, k, alpha, a, lda, bBand, ldb, beta, c.asSlice(lo * 4L), ldc);
            }
        });
    }

    @Override
    public void gemmBatched(
            boolean transA,
            boolean transB,
            int m,
            int n,
            int k,
            float alpha,
            MemorySegment a,
            long[] aOffsets,
            int lda,
            MemorySegment b,
            long[] bOffsets,
            int ldb,
            float beta,
            MemorySegment c,
            long[] cOffsets,
            int ldc,
            int count) {
        // small entries (a short prompt's heads) are grouped so a task is worth a wake-up
        long perTask = Math.max(1, TASK_MACS / Math.max(1, (long) m * n * k));
        parallel.forRange(count, perTask, (from, to) -> {
            for (int i = (int) from; i < to; i++) {
                MemorySegment ai = a.asSlice(aOffsets[i] * 4), bi = b.asSlice(bOffsets[i] * 4);
                MemorySegment ci = c.asSlice(cOffsets[i] * 4);
                if (k == 0) {
                    for (int r = 0; r < m; r++)
                        for (int j = 0; j < n; j++)
                            set(ci, (long) r * ldc + j, beta == 0 ? 0 : beta * get(ci, (long) r * ldc + j));
                } else {
                    blas.sgemm(transA, transB, m, n, k, alpha, ai, lda, bi, ldb, beta, ci, ldc);
                }
            }
        });
    }

    // ----- products with packed weights (inference) --------------------------------------------------
    // The kernels store their results with intoMemorySegment, not through a helper: C2 can decline to
    // inline a call after a long loop ("low call site frequency"), and every vector passed to it is boxed.

    /**
     * Rows of W per panel of the packed layout: three vectors of outputs. Panel j holds rows [jP, jP+w)
     * of W (w = P but in the last panel) transposed, (k, w) row-major, in the floats those rows took,
     * so packing needs one panel of scratch and no second copy of the model.
     */
    private static final int PANEL = 3 * L;

    @Override
    public void packWeights(MemorySegment w, int n, int k) {
        int panels = (n + PANEL - 1) / PANEL;
        parallel.forRange(panels, 1, (from, to) -> {
            float[] rows = new float[PANEL * k];
            for (long j = from; j < to; j++) {
                int j0 = (int) j * PANEL, width = Math.min(PANEL, n - j0);
                long base = (long) j0 * k;
                MemorySegment.copy(w, JAVA_FLOAT, base * 4, rows, 0, width * k);
                for (int p = 0; p < k; p++)
                    for (int q = 0; q < width; q++) set(w, base + (long) p * width + q, rows[q * k + p]);
            }
        });
    }

    /**
     * The outer-product kernel of BLIS: per step of k, one panel row (three vectors of W) meets four
     * broadcast elements of A in twelve FMAs, so loads stay a fraction of the arithmetic and a batch of
     * 16 decode rows runs near the FMA peak (about 1.5x the row-major kernel with A packed transposed it
     * replaced). One row (decode at batch 1, the rows left over) streams the panels at memory speed.
     */
    @Override
    public void gemmPackedWeights(
            int m,
            int n,
            int k,
            ProductRows rows,
            MemorySegment w,
            MemorySegment bias,
            MemorySegment c,
            int ldc,
            MemorySegment residual) {
        if (m == 0 || n == 0) return;
        // rows to make: up to OWN_ROWS every thread makes all of them for itself, on its first panel of the
        // call; more are made once, in parallel, by the backend's own norm and activation kernels
        boolean own = !(rows instanceof ProductRows.Given) && m <= OWN_ROWS;
        MemorySegment given = rows instanceof ProductRows.Given g ? g.a() : own ? null : madeRows(rows, m, k);
        int lda = rows instanceof ProductRows.Given g ? g.lda() : k;
        long call = ++products;
        int panels = (n + PANEL - 1) / PANEL;
        long panelMacs = (long) m * PANEL * k;
        long minChunk = panelMacs * panels < SERIAL_MACS ? panels : Math.max(1, TASK_MACS / panelMacs);
        // from the last panel down: a narrow last panel is slower per column, and taken first it cannot
        // leave one thread working alone at the end. From eight rows on, where the products are bound by
        // arithmetic, the chunks shrink to minChunk panels at the end rather than being four per thread: a
        // panel is 5-10 us at decode batches, and the threads end a call closer together (batch 16 went up
        // 4-7% in alternating bench runs). Fewer rows stream memory, which long runs per thread suit.
        Parallel.RangeBody panelRange = (from, to) -> {
            MemorySegment a = own ? ownRows(rows, m, k, call) : given;
            // kernels take segments and float offsets: a slice passed to a kernel escapes, and one per panel
            // and output block was allocated at every step
            for (long t = from; t < to; t++) {
                int j0 = (int) (panels - 1 - t) * PANEL, width = Math.min(PANEL, n - j0);
                long panel = (long) j0 * k;
                if (width < PANEL) {
                    narrowPanel(m, k, a, lda, w, panel, width, c, j0, ldc);
                } else if (m == 1 && t + 1 < to) { // the next panel down is whole: only the last one can be narrow
                    oneRowTimesTwoPanels(a, k, w, panel - (long) PANEL * k, c, j0 - PANEL);
                    t++;
                    j0 -= PANEL;
                    width = 2 * PANEL;
                } else {
                    int i = 0;
                    if (EIGHT_ROW_KERNEL)
                        for (; i + 8 <= m; i += 8)
                            eightRowsTimesPanel(a, (long) i * lda, lda, k, w, panel, c, (long) i * ldc + j0, ldc);
                    for (; i + 4 <= m; i += 4)
                        fourRowsTimesPanel(a, (long) i * lda, lda, k, w, panel, c, (long) i * ldc + j0, ldc);
                    for (; i < m; i++) oneRowTimesPanel(a, (long) i * lda, k, w, panel, c, (long) i * ldc + j0);
                }
                if (bias != null || residual != null) addToColumns(m, j0, width, bias, c, ldc, residual);
            }
        };
        if (m >= 8) parallel.forRangeShrinking(panels, minChunk, panelRange);
        else parallel.forRange(panels, minChunk, parallel.threads() * 4L, panelRange);
    }

    /**
     * Rows of a product made by each thread for itself, up to this many: at decode batches a separate
     * norm or activation call had each core write half of every product's input rows, which the other
     * core then read (the calls took about a tenth of a batch-16 step on a host whose cores sit on two
     * dies). Each thread making all of them costs a few microseconds of arithmetic a call.
     */
    static final int OWN_ROWS = 32;

    /** Product calls so far: tells a thread whether its own rows are those of the current call. */
    private long products;

    /** Rows a thread made for itself, and for which product call. */
    private static final class OwnRows {
        long call = -1;
        MemorySegment rows = MemorySegment.NULL;
    }

    private final ThreadLocal<OwnRows> ownRows = ThreadLocal.withInitial(OwnRows::new);

    /** Rows made for larger products, kept from call to call. */
    private MemorySegment madeRows = MemorySegment.NULL;

    /** This thread's rows of product call `call`, made at its first panel of the call. */
    private MemorySegment ownRows(ProductRows rows, int m, int k, long call) {
        OwnRows own = ownRows.get();
        if (own.call != call) {
            if (own.rows.byteSize() < 4L * m * k) own.rows = Arena.ofAuto().allocate(4L * m * k, 64);
            MemorySegment out = own.rows;
            switch (rows) {
                case ProductRows.RmsNormed r -> {
                    for (int i = 0; i < m; i++) rmsNormRow(out, r.x(), (long) i * k, r.weight(), k, r.eps(), null, i);
                }
                case ProductRows.LayerNormed r -> {
                    for (int i = 0; i < m; i++)
                        layerNormRow(out, r.x(), (long) i * k, r.weight(), r.bias(), k, r.eps(), null, null, i);
                }
                case ProductRows.SwiGlu r -> {
                    for (int i = 0; i < m; i++) swigluRow(out, (long) i * k, r.gateUp(), 2L * i * k, k);
                }
                case ProductRows.Gelu r -> geluSpan(out, r.pre(), 0, (long) m * k, r.tanhApproximation());
                case ProductRows.Given g -> throw new IllegalArgumentException("given rows are not made");
            }
            own.call = call;
        }
        return own.rows;
    }

    /** Rows made once for all threads, by the norm and activation kernels (the same floats as ownRows). */
    private MemorySegment madeRows(ProductRows rows, int m, int k) {
        if (madeRows.byteSize() < 4L * m * k) madeRows = Arena.ofAuto().allocate(4L * m * k, 64);
        MemorySegment out = madeRows;
        switch (rows) {
            case ProductRows.RmsNormed r -> rmsNormForward(out, null, r.x(), r.weight(), m, k, r.eps());
            case ProductRows.LayerNormed r ->
                layerNormForward(out, null, null, r.x(), r.weight(), r.bias(), m, k, r.eps());
            case ProductRows.SwiGlu r -> swigluForward(out, r.gateUp(), m, k);
            case ProductRows.Gelu r -> geluForward(out, r.pre(), (long) m * k, r.tanhApproximation());
            case ProductRows.Given g -> throw new IllegalArgumentException("given rows are not made");
        }
        return out;
    }

    /** Columns [j0, j0 + width) of C's m rows: C += bias, then residual += C (either may be null). */
    private static void addToColumns(
            int m, int j0, int width, MemorySegment bias, MemorySegment c, int ldc, MemorySegment residual) {
        for (int i = 0; i < m; i++) {
            long row = (long) i * ldc + j0;
            int q = 0;
            for (; q + L <= width; q += L) {
                FloatVector v = load(c, row + q);
                if (bias != null) {
                    v = v.add(load(bias, j0 + q));
                    store(v, c, row + q);
                }
                if (residual != null) store(load(residual, row + q).add(v), residual, row + q);
            }
            for (; q < width; q++) {
                float v = get(c, row + q);
                if (bias != null) set(c, row + q, v += get(bias, j0 + q));
                if (residual != null) set(residual, row + q, get(residual, row + q) + v);
            }
        }
    }

    /**
     * Whether C1 is kept off the kernels it cannot compile reliably (see {@link CompilerDirectives}):
     * {@link #eightRowsTimesPanel}, which runs only then, and {@link #softmaxRow}, which runs either way
     * but in the Vector API's slow fallback code for the rest of a run when C1 gives up on it (decode
     * attention took 2.4 times as long). The same directives keep {@link #scaleRow} out of line.
     */
    private static final boolean EIGHT_ROW_KERNEL = bigKernelsKeptFromC1();

    private static boolean bigKernelsKeptFromC1() {
        if (CompilerDirectives.compileApart(
                CpuBackend.class, new String[] {"eightRowsTimesPanel", "softmaxRow"}, new String[] {"scaleRow"}))
            return true;
        Logger.getLogger(CpuBackend.class.getName())
                .info("this JVM took no compiler directive: batched products run the four-row kernel, and the"
                        + " softmax row may be left in C1's code");
        return false;
    }

    /**
     * C[i+r, 0..PANEL) = A[i+r, :] . panel for r < 8; c starts at C[i, j0]. Per panel row 24 FMAs instead
     * of 12, so a panel streaming from memory meets twice the arithmetic: at 16 decode rows the pass that
     * waits on memory covers half of the rows instead of a quarter (products at the decode shapes went
     * from 112-136 to 145-158 GFLOP/s on two threads). The 24 accumulators fill most of the 32 AVX-512
     * registers. C1 cannot compile a body this size reliably (see {@link CompilerDirectives}), so the
     * kernel runs only when C1 is kept off it.
     */
    private static void eightRowsTimesPanel(
            MemorySegment a, long aAt, int lda, int k, MemorySegment w, long wAt, MemorySegment c, long cAt, int ldc) {
        // slices with known sizes let the JIT prove every load in bounds once, outside the loop (with
        // offsets into the whole matrices the products ran 15% slower); made here and not passed on, they
        // are not allocated (the bench's decode steps allocate 10-15 KB in all)
        MemorySegment x8 = a.asSlice(aAt * 4, (7L * lda + k) * 4);
        MemorySegment wp = w.asSlice(wAt * 4, (long) k * PANEL * 4);
        FloatVector z = FloatVector.zero(S);
        FloatVector c00 = z, c01 = z, c02 = z;
        FloatVector c10 = z, c11 = z, c12 = z;
        FloatVector c20 = z, c21 = z, c22 = z;
        FloatVector c30 = z, c31 = z, c32 = z;
        FloatVector c40 = z, c41 = z, c42 = z;
        FloatVector c50 = z, c51 = z, c52 = z;
        FloatVector c60 = z, c61 = z, c62 = z;
        FloatVector c70 = z, c71 = z, c72 = z;
        for (int p = 0; p < k; p++) {
            long o = (long) p * PANEL * 4;
            FloatVector w0 = FloatVector.fromMemorySegment(S, wp, o, ORDER);
            FloatVector w1 = FloatVector.fromMemorySegment(S, wp, o + 4L * L, ORDER);
            FloatVector w2 = FloatVector.fromMemorySegment(S, wp, o + 8L * L, ORDER);
            FloatVector x = FloatVector.broadcast(S, x8.getAtIndex(JAVA_FLOAT, p));
            c00 = w0.fma(x, c00);
            c01 = w1.fma(x, c01);
            c02 = w2.fma(x, c02);
            x = FloatVector.broadcast(S, x8.getAtIndex(JAVA_FLOAT, (long) lda + p));
            c10 = w0.fma(x, c10);
            c11 = w1.fma(x, c11);
            c12 = w2.fma(x, c12);
            x = FloatVector.broadcast(S, x8.getAtIndex(JAVA_FLOAT, 2L * lda + p));
            c20 = w0.fma(x, c20);
            c21 = w1.fma(x, c21);
            c22 = w2.fma(x, c22);
            x = FloatVector.broadcast(S, x8.getAtIndex(JAVA_FLOAT, 3L * lda + p));
            c30 = w0.fma(x, c30);
            c31 = w1.fma(x, c31);
            c32 = w2.fma(x, c32);
            x = FloatVector.broadcast(S, x8.getAtIndex(JAVA_FLOAT, 4L * lda + p));
            c40 = w0.fma(x, c40);
            c41 = w1.fma(x, c41);
            c42 = w2.fma(x, c42);
            x = FloatVector.broadcast(S, x8.getAtIndex(JAVA_FLOAT, 5L * lda + p));
            c50 = w0.fma(x, c50);
            c51 = w1.fma(x, c51);
            c52 = w2.fma(x, c52);
            x = FloatVector.broadcast(S, x8.getAtIndex(JAVA_FLOAT, 6L * lda + p));
            c60 = w0.fma(x, c60);
            c61 = w1.fma(x, c61);
            c62 = w2.fma(x, c62);
            x = FloatVector.broadcast(S, x8.getAtIndex(JAVA_FLOAT, 7L * lda + p));
            c70 = w0.fma(x, c70);
            c71 = w1.fma(x, c71);
            c72 = w2.fma(x, c72);
        }
        long row = (long) ldc * 4, v = 4L * L, c0 = cAt * 4;
        c00.intoMemorySegment(c, c0, ORDER);
        c01.intoMemorySegment(c, c0 + v, ORDER);
        c02.intoMemorySegment(c, c0 + 2 * v, ORDER);
        c10.intoMemorySegment(c, c0 + row, ORDER);
        c11.intoMemorySegment(c, c0 + row + v, ORDER);
        c12.intoMemorySegment(c, c0 + row + 2 * v, ORDER);
        c20.intoMemorySegment(c, c0 + 2 * row, ORDER);
        c21.intoMemorySegment(c, c0 + 2 * row + v, ORDER);
        c22.intoMemorySegment(c, c0 + 2 * row + 2 * v, ORDER);
        c30.intoMemorySegment(c, c0 + 3 * row, ORDER);
        c31.intoMemorySegment(c, c0 + 3 * row + v, ORDER);
        c32.intoMemorySegment(c, c0 + 3 * row + 2 * v, ORDER);
        c40.intoMemorySegment(c, c0 + 4 * row, ORDER);
        c41.intoMemorySegment(c, c0 + 4 * row + v, ORDER);
        c42.intoMemorySegment(c, c0 + 4 * row + 2 * v, ORDER);
        c50.intoMemorySegment(c, c0 + 5 * row, ORDER);
        c51.intoMemorySegment(c, c0 + 5 * row + v, ORDER);
        c52.intoMemorySegment(c, c0 + 5 * row + 2 * v, ORDER);
        c60.intoMemorySegment(c, c0 + 6 * row, ORDER);
        c61.intoMemorySegment(c, c0 + 6 * row + v, ORDER);
        c62.intoMemorySegment(c, c0 + 6 * row + 2 * v, ORDER);
        c70.intoMemorySegment(c, c0 + 7 * row, ORDER);
        c71.intoMemorySegment(c, c0 + 7 * row + v, ORDER);
        c72.intoMemorySegment(c, c0 + 7 * row + 2 * v, ORDER);
    }

    /** C[i+r, 0..PANEL) = A[i+r, :] . panel for r < 4; c starts at C[i, j0]. */
    private static void fourRowsTimesPanel(
            MemorySegment a, long aAt, int lda, int k, MemorySegment w, long wAt, MemorySegment c, long cAt, int ldc) {
        // as in the eight-row kernel, slices for loads proven in bounds once
        MemorySegment x4 = a.asSlice(aAt * 4, (3L * lda + k) * 4);
        MemorySegment wp = w.asSlice(wAt * 4, (long) k * PANEL * 4);
        FloatVector z = FloatVector.zero(S);
        FloatVector c00 = z, c01 = z, c02 = z, c10 = z, c11 = z, c12 = z;
        FloatVector c20 = z, c21 = z, c22 = z, c30 = z, c31 = z, c32 = z;
        for (int p = 0; p < k; p++) {
            long o = (long) p * PANEL * 4;
            FloatVector w0 = FloatVector.fromMemorySegment(S, wp, o, ORDER);
            FloatVector w1 = FloatVector.fromMemorySegment(S, wp, o + 4L * L, ORDER);
            FloatVector w2 = FloatVector.fromMemorySegment(S, wp, o + 8L * L, ORDER);
            FloatVector x = FloatVector.broadcast(S, x4.getAtIndex(JAVA_FLOAT, p));
            c00 = w0.fma(x, c00);
            c01 = w1.fma(x, c01);
            c02 = w2.fma(x, c02);
            x = FloatVector.broadcast(S, x4.getAtIndex(JAVA_FLOAT, (long) lda + p));
            c10 = w0.fma(x, c10);
            c11 = w1.fma(x, c11);
            c12 = w2.fma(x, c12);
            x = FloatVector.broadcast(S, x4.getAtIndex(JAVA_FLOAT, 2L * lda + p));
            c20 = w0.fma(x, c20);
            c21 = w1.fma(x, c21);
            c22 = w2.fma(x, c22);
            x = FloatVector.broadcast(S, x4.getAtIndex(JAVA_FLOAT, 3L * lda + p));
            c30 = w0.fma(x, c30);
            c31 = w1.fma(x, c31);
            c32 = w2.fma(x, c32);
        }
        long row = (long) ldc * 4, v = 4L * L, c0 = cAt * 4;
        c00.intoMemorySegment(c, c0, ORDER);
        c01.intoMemorySegment(c, c0 + v, ORDER);
        c02.intoMemorySegment(c, c0 + 2 * v, ORDER);
        c10.intoMemorySegment(c, c0 + row, ORDER);
        c11.intoMemorySegment(c, c0 + row + v, ORDER);
        c12.intoMemorySegment(c, c0 + row + 2 * v, ORDER);
        c20.intoMemorySegment(c, c0 + 2 * row, ORDER);
        c21.intoMemorySegment(c, c0 + 2 * row + v, ORDER);
        c22.intoMemorySegment(c, c0 + 2 * row + 2 * v, ORDER);
        c30.intoMemorySegment(c, c0 + 3 * row, ORDER);
        c31.intoMemorySegment(c, c0 + 3 * row + v, ORDER);
        c32.intoMemorySegment(c, c0 + 3 * row + 2 * v, ORDER);
    }

    /**
     * C[0, 0..2 PANEL) = A[0, :] . two consecutive panels, read as two streams at once: a core keeps more
     * memory reads in flight than with one stream (the products at batch 1 went from 77 to 73 us for 1536
     * columns and from 141 to 136 for 2752, alternating runs of two threads).
     */
    private static void oneRowTimesTwoPanels(
            MemorySegment a, int k, MemorySegment w, long wAt, MemorySegment c, long cAt) {
        FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0, d0 = c0, d1 = c0, d2 = c0;
        long second = (long) k * PANEL * 4;
        for (int p = 0; p < k; p++) {
            long o = (wAt + (long) p * PANEL) * 4;
            FloatVector x = FloatVector.broadcast(S, a.getAtIndex(JAVA_FLOAT, p));
            c0 = FloatVector.fromMemorySegment(S, w, o, ORDER).fma(x, c0);
            c1 = FloatVector.fromMemorySegment(S, w, o + 4L * L, ORDER).fma(x, c1);
            c2 = FloatVector.fromMemorySegment(S, w, o + 8L * L, ORDER).fma(x, c2);
            d0 = FloatVector.fromMemorySegment(S, w, o + second, ORDER).fma(x, d0);
            d1 = FloatVector.fromMemorySegment(S, w, o + second + 4L * L, ORDER).fma(x, d1);
            d2 = FloatVector.fromMemorySegment(S, w, o + second + 8L * L, ORDER).fma(x, d2);
        }
        c0.intoMemorySegment(c, cAt * 4, ORDER);
        c1.intoMemorySegment(c, cAt * 4 + 4L * L, ORDER);
        c2.intoMemorySegment(c, cAt * 4 + 8L * L, ORDER);
        d0.intoMemorySegment(c, (cAt + PANEL) * 4, ORDER);
        d1.intoMemorySegment(c, (cAt + PANEL) * 4 + 4L * L, ORDER);
        d2.intoMemorySegment(c, (cAt + PANEL) * 4 + 8L * L, ORDER);
    }

    /** C[i, 0..PANEL) = A[i, :] . panel: three FMA chains over k. */
    private static void oneRowTimesPanel(
            MemorySegment a, long aAt, int k, MemorySegment w, long wAt, MemorySegment c, long cAt) {
        FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0;
        for (int p = 0; p < k; p++) {
            long o = (wAt + (long) p * PANEL) * 4;
            FloatVector x = FloatVector.broadcast(S, a.getAtIndex(JAVA_FLOAT, aAt + p));
            c0 = FloatVector.fromMemorySegment(S, w, o, ORDER).fma(x, c0);
            c1 = FloatVector.fromMemorySegment(S, w, o + 4L * L, ORDER).fma(x, c1);
            c2 = FloatVector.fromMemorySegment(S, w, o + 8L * L, ORDER).fma(x, c2);
        }
        c0.intoMemorySegment(c, cAt * 4, ORDER);
        c1.intoMemorySegment(c, cAt * 4 + 4L * L, ORDER);
        c2.intoMemorySegment(c, cAt * 4 + 8L * L, ORDER);
    }

    /**
     * The last panel of a matrix whose row count is not a multiple of PANEL, (k, width): pairs of vectors
     * of columns for eight rows, then one vector for four rows (a last block short of rows repeats its
     * last row), then single columns. Masked vector loads and stores would fold this into the kernels
     * above, but in the JIT they cost the full panels a third (loads) to ten times (stores) of their speed.
     */
    private static void narrowPanel(
            int m,
            int k,
            MemorySegment a,
            int lda,
            MemorySegment w,
            long wAt,
            int width,
            MemorySegment c,
            long cAt,
            int ldc) {
        int q = 0;
        for (; q + 2 * L <= width; q += 2 * L)
            for (int i = 0; i < m; i += 8)
                eightRowsTimesTwoVectors(m, i, a, lda, k, w, wAt + q, width, c, cAt + q, ldc);
        for (; q + L <= width; q += L) {
            for (int i = 0; i < m; i += 4) {
                long a0 = (long) i * lda, a1 = (long) Math.min(i + 1, m - 1) * lda;
                long a2 = (long) Math.min(i + 2, m - 1) * lda, a3 = (long) Math.min(i + 3, m - 1) * lda;
                FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
                for (int p = 0; p < k; p++) {
                    FloatVector v = load(w, wAt + (long) p * width + q);
                    s0 = v.fma(FloatVector.broadcast(S, a.getAtIndex(JAVA_FLOAT, a0 + p)), s0);
                    s1 = v.fma(FloatVector.broadcast(S, a.getAtIndex(JAVA_FLOAT, a1 + p)), s1);
                    s2 = v.fma(FloatVector.broadcast(S, a.getAtIndex(JAVA_FLOAT, a2 + p)), s2);
                    s3 = v.fma(FloatVector.broadcast(S, a.getAtIndex(JAVA_FLOAT, a3 + p)), s3);
                }
                s0.intoMemorySegment(c, (cAt + (long) i * ldc + q) * 4, ORDER);
                if (i + 1 < m) s1.intoMemorySegment(c, (cAt + (long) (i + 1) * ldc + q) * 4, ORDER);
                if (i + 2 < m) s2.intoMemorySegment(c, (cAt + (long) (i + 2) * ldc + q) * 4, ORDER);
                if (i + 3 < m) s3.intoMemorySegment(c, (cAt + (long) (i + 3) * ldc + q) * 4, ORDER);
            }
        }
        for (; q < width; q++) {
            for (int i = 0; i < m; i++) {
                float s = 0;
                for (int p = 0; p < k; p++)
                    s = Math.fma(get(a, (long) i * lda + p), get(w, wAt + (long) p * width + q), s);
                set(c, cAt + (long) i * ldc + q, s);
            }
        }
    }

    /**
     * Rows [i, i + 8) times two vectors of columns of a narrow panel, the width most matrices leave (512,
     * 1376 and 8192 are 32 past a multiple of 48). Rows past m are row m - 1 again, computed and stored
     * the same way, so they write what that row holds. Per panel row 16 FMAs, as against 4 in the
     * one-vector loop, with which a narrow panel of 32 columns took longer than a whole one of 48.
     */
    private static void eightRowsTimesTwoVectors(
            int m,
            int i,
            MemorySegment a,
            int lda,
            int k,
            MemorySegment w,
            long wAt,
            int width,
            MemorySegment c,
            long cAt,
            int ldc) {
        long r0 = Math.min(i + 0, m - 1);
        long r1 = Math.min(i + 1, m - 1);
        long r2 = Math.min(i + 2, m - 1);
        long r3 = Math.min(i + 3, m - 1);
        long r4 = Math.min(i + 4, m - 1);
        long r5 = Math.min(i + 5, m - 1);
        long r6 = Math.min(i + 6, m - 1);
        long r7 = Math.min(i + 7, m - 1);
        FloatVector z = FloatVector.zero(S);
        FloatVector s00 = z, s01 = z, s10 = z, s11 = z, s20 = z, s21 = z, s30 = z, s31 = z;
        FloatVector s40 = z, s41 = z, s50 = z, s51 = z, s60 = z, s61 = z, s70 = z, s71 = z;
        for (int p = 0; p < k; p++) {
            long o = (wAt + (long) p * width) * 4;
            FloatVector v0 = FloatVector.fromMemorySegment(S, w, o, ORDER);
            FloatVector v1 = FloatVector.fromMemorySegment(S, w, o + 4L * L, ORDER);
            FloatVector x;
            x = FloatVector.broadcast(S, a.getAtIndex(JAVA_FLOAT, r0 * lda + p));
            s00 = v0.fma(x, s00);
            s01 = v1.fma(x, s01);
            x = FloatVector.broadcast(S, a.getAtIndex(JAVA_FLOAT, r1 * lda + p));
            s10 = v0.fma(x, s10);
            s11 = v1.fma(x, s11);
            x = FloatVector.broadcast(S, a.getAtIndex(JAVA_FLOAT, r2 * lda + p));
            s20 = v0.fma(x, s20);
            s21 = v1.fma(x, s21);
            x = FloatVector.broadcast(S, a.getAtIndex(JAVA_FLOAT, r3 * lda + p));
            s30 = v0.fma(x, s30);
            s31 = v1.fma(x, s31);
            x = FloatVector.broadcast(S, a.getAtIndex(JAVA_FLOAT, r4 * lda + p));
            s40 = v0.fma(x, s40);
            s41 = v1.fma(x, s41);
            x = FloatVector.broadcast(S, a.getAtIndex(JAVA_FLOAT, r5 * lda + p));
            s50 = v0.fma(x, s50);
            s51 = v1.fma(x, s51);
            x = FloatVector.broadcast(S, a.getAtIndex(JAVA_FLOAT, r6 * lda + p));
            s60 = v0.fma(x, s60);
            s61 = v1.fma(x, s61);
            x = FloatVector.broadcast(S, a.getAtIndex(JAVA_FLOAT, r7 * lda + p));
            s70 = v0.fma(x, s70);
            s71 = v1.fma(x, s71);
        }
        s00.intoMemorySegment(c, (cAt + r0 * ldc) * 4, ORDER);
        s01.intoMemorySegment(c, (cAt + r0 * ldc) * 4 + 4L * L, ORDER);
        s10.intoMemorySegment(c, (cAt + r1 * ldc) * 4, ORDER);
        s11.intoMemorySegment(c, (cAt + r1 * ldc) * 4 + 4L * L, ORDER);
        s20.intoMemorySegment(c, (cAt + r2 * ldc) * 4, ORDER);
        s21.intoMemorySegment(c, (cAt + r2 * ldc) * 4 + 4L * L, ORDER);
        s30.intoMemorySegment(c, (cAt + r3 * ldc) * 4, ORDER);
        s31.intoMemorySegment(c, (cAt + r3 * ldc) * 4 + 4L * L, ORDER);
        s40.intoMemorySegment(c, (cAt + r4 * ldc) * 4, ORDER);
        s41.intoMemorySegment(c, (cAt + r4 * ldc) * 4 + 4L * L, ORDER);
        s50.intoMemorySegment(c, (cAt + r5 * ldc) * 4, ORDER);
        s51.intoMemorySegment(c, (cAt + r5 * ldc) * 4 + 4L * L, ORDER);
        s60.intoMemorySegment(c, (cAt + r6 * ldc) * 4, ORDER);
        s61.intoMemorySegment(c, (cAt + r6 * ldc) * 4 + 4L * L, ORDER);
        s70.intoMemorySegment(c, (cAt + r7 * ldc) * 4, ORDER);
        s71.intoMemorySegment(c, (cAt + r7 * ldc) * 4 + 4L * L, ORDER);
    }

    private static float dot(MemorySegment x, long xBase, MemorySegment y, long yBase, int k) {
        FloatVector s0 = FloatVector.zero(S), s1 = s0, s2 = s0, s3 = s0;
        int p = 0;
        for (; p + 4 * L <= k; p += 4 * L) {
            s0 = load(y, yBase + p).fma(load(x, xBase + p), s0);
            s1 = load(y, yBase + p + L).fma(load(x, xBase + p + L), s1);
            s2 = load(y, yBase + p + 2 * L).fma(load(x, xBase + p + 2 * L), s2);
            s3 = load(y, yBase + p + 3 * L).fma(load(x, xBase + p + 3 * L), s3);
        }
        for (; p + L <= k; p += L) s0 = load(y, yBase + p).fma(load(x, xBase + p), s0);
        float d = VectorMath.sumLanes(s0.add(s1).add(s2.add(s3)));
        for (; p < k; p++) d += get(x, xBase + p) * get(y, yBase + p);
        return d;
    }

    // ----- embeddings -------------------------------------------------------------------------------

    @Override
    public void embeddingForward(
            MemorySegment out,
            MemorySegment tokens,
            MemorySegment positions,
            MemorySegment wte,
            MemorySegment wpe,
            int n,
            int c) {
        parallel.forRange(n, rowsPerChunk(c), (from, to) -> {
            for (long row = from; row < to; row++) {
                long tok = tokens.getAtIndex(JAVA_INT, row);
                long pos = positions.getAtIndex(JAVA_INT, row);
                long o = row * c;
                int i = 0;
                for (; i < S.loopBound(c); i += L) {
                    FloatVector v = load(wte, tok * c + i);
                    if (wpe != null) v = v.add(load(wpe, pos * c + i));
                    store(v, out, o + i);
                }
                for (; i < c; i++) set(out, o + i, get(wte, tok * c + i) + (wpe == null ? 0 : get(wpe, pos * c + i)));
            }
        });
    }

    @Override
    public void embeddingBackward(
            MemorySegment dwte,
            MemorySegment dwpe,
            MemorySegment dout,
            MemorySegment tokens,
            MemorySegment positions,
            int n,
            int c) {
        // split the channels, not the rows: two rows with the same token never race, order stays fixed
        parallel.forRange(c, Math.max(16, GRAIN / Math.max(1, n)), (c0, c1) -> {
            for (int row = 0; row < n; row++) {
                long tok = tokens.getAtIndex(JAVA_INT, row);
                long pos = positions.getAtIndex(JAVA_INT, row);
                for (long i = c0; i < c1; i++) {
                    float d = get(dout, (long) row * c + i);
                    set(dwte, tok * c + i, get(dwte, tok * c + i) + d);
                    if (dwpe != null) set(dwpe, pos * c + i, get(dwpe, pos * c + i) + d);
                }
            }
        });
    }

    // ----- bias and residual --------------------------------------------------------------------------

    @Override
    public void addBias(MemorySegment out, MemorySegment bias, int n, int oc) {
        parallel.forRange(n, rowsPerChunk(oc), (from, to) -> {
            for (long row = from; row < to; row++) {
                long o = row * oc;
                int i = 0;
                for (; i < S.loopBound(oc); i += L) store(load(out, o + i).add(load(bias, i)), out, o + i);
                for (; i < oc; i++) set(out, o + i, get(out, o + i) + get(bias, i));
            }
        });
    }

    @Override
    public void biasBackward(MemorySegment dbias, MemorySegment dout, int n, int oc) {
        reduceRows(dbias, null, n, oc, (row, sum, unused) -> {
            long o = (long) row * oc;
            int i = 0;
            for (; i < S.loopBound(oc); i += L)
                FloatVector.fromArray(S, sum, i).add(load(dout, o + i)).intoArray(sum, i);
            for (; i < oc; i++) sum[i] += get(dout, o + i);
        });
    }

    @FunctionalInterface
    private interface RowAccumulator {
        void accumulate(int row, float[] sumA, float[] sumB);
    }

    /**
     * Row reduction with fixed-order partial sums: blocks of REDUCE_ROWS rows each fill their own
     * partial arrays, which are then added to the outputs block by block in order.
     */
    private synchronized void reduceRows(MemorySegment outA, MemorySegment outB, int n, int c, RowAccumulator body) {
        int blocks = (n + REDUCE_ROWS - 1) / REDUCE_ROWS;
        float[][] part = partialSums(2 * blocks, c); // block b's sums: A in row b, B in row blocks + b
        parallel.forRange(blocks, 1, (b0, b1) -> {
            for (int blk = (int) b0; blk < b1; blk++) {
                Arrays.fill(part[blk], 0, c, 0f);
                if (outB != null) Arrays.fill(part[blocks + blk], 0, c, 0f);
                int end = Math.min(n, (blk + 1) * REDUCE_ROWS);
                for (int row = blk * REDUCE_ROWS; row < end; row++)
                    body.accumulate(row, part[blk], outB == null ? null : part[blocks + blk]);
            }
        });
        parallel.forRange(c, 64, (c0, c1) -> {
            for (long i = c0; i < c1; i++) {
                float a = get(outA, i);
                for (int blk = 0; blk < blocks; blk++) a += part[blk][(int) i];
                set(outA, i, a);
                if (outB != null) {
                    float b = get(outB, i);
                    for (int blk = 0; blk < blocks; blk++) b += part[blocks + blk][(int) i];
                    set(outB, i, b);
                }
            }
        });
    }

    /**
     * Rows of partial sums for reduceRows, at least rows x c, kept from call to call (grown when a call
     * needs more): made anew per call they were most of what a training step allocated. Guarded by
     * reduceRows' lock.
     */
    private float[][] partialSums(int rows, int c) {
        if (partialSums.length < rows || partialSums[0].length < c) {
            int width = Math.max(c, partialSums.length == 0 ? 0 : partialSums[0].length);
            partialSums = new float[Math.max(rows, partialSums.length)][width];
        }
        return partialSums;
    }

    @Override
    public void add(MemorySegment out, MemorySegment a, MemorySegment b, long count) {
        parallel.forRange(count, GRAIN, (from, to) -> {
            long i = from;
            for (; i + L <= to; i += L) store(load(a, i).add(load(b, i)), out, i);
            for (; i < to; i++) set(out, i, get(a, i) + get(b, i));
        });
    }

    // ----- normalisation ------------------------------------------------------------------------------

    private static float sum(MemorySegment x, long base, int c) {
        FloatVector acc = FloatVector.zero(S);
        int i = 0;
        for (; i < S.loopBound(c); i += L) acc = acc.add(load(x, base + i));
        float s = VectorMath.sumLanes(acc);
        for (; i < c; i++) s += get(x, base + i);
        return s;
    }

    private static float sumSquaredDeviation(MemorySegment x, long base, int c, float mean) {
        FloatVector acc = FloatVector.zero(S);
        FloatVector m = FloatVector.broadcast(S, mean);
        int i = 0;
        for (; i < S.loopBound(c); i += L) {
            FloatVector d = load(x, base + i).sub(m);
            acc = d.fma(d, acc);
        }
        float s = VectorMath.sumLanes(acc);
        for (; i < c; i++) {
            float d = get(x, base + i) - mean;
            s += d * d;
        }
        return s;
    }

    @Override
    public void layerNormForward(
            MemorySegment out,
            MemorySegment mean,
            MemorySegment rstd,
            MemorySegment inp,
            MemorySegment weight,
            MemorySegment bias,
            int n,
            int c,
            float eps) {
        parallel.forRange(n, rowsPerChunk(c), (from, to) -> {
            for (long row = from; row < to; row++)
                layerNormRow(out, inp, row * c, weight, bias, c, eps, mean, rstd, row);
        });
    }

    /** LayerNorm of the row at inp[base, base + c) into out[base, ...); mean and rstd[row] when not null. */
    private static void layerNormRow(
            MemorySegment out,
            MemorySegment inp,
            long base,
            MemorySegment weight,
            MemorySegment bias,
            int c,
            float eps,
            MemorySegment mean,
            MemorySegment rstd,
            long row) {
        float m = sum(inp, base, c) / c;
        float s = (float) (1.0 / Math.sqrt(sumSquaredDeviation(inp, base, c, m) / c + eps));
        FloatVector mv = FloatVector.broadcast(S, m);
        FloatVector sv = FloatVector.broadcast(S, s);
        int i = 0;
        for (; i < S.loopBound(c); i += L) {
            FloatVector o = load(inp, base + i).sub(mv).mul(sv).mul(load(weight, i));
            if (bias != null) o = o.add(load(bias, i));
            store(o, out, base + i);
        }
        for (; i < c; i++)
            set(out, base + i, (get(inp, base + i) - m) * s * get(weight, i) + (bias == null ? 0 : get(bias, i)));
        if (mean != null) set(mean, row, m);
        if (rstd != null) set(rstd, row, s);
    }

    @Override
    public void layerNormBackward(
            MemorySegment dinp,
            MemorySegment dweight,
            MemorySegment dbias,
            MemorySegment dout,
            MemorySegment inp,
            MemorySegment weight,
            MemorySegment mean,
            MemorySegment rstd,
            int n,
            int c) {
        // input gradient: independent per row
        parallel.forRange(n, rowsPerChunk(c), (from, to) -> {
            for (long row = from; row < to; row++) {
                long base = row * c;
                FloatVector m = FloatVector.broadcast(S, get(mean, row));
                float s = get(rstd, row);
                FloatVector sv = FloatVector.broadcast(S, s);
                FloatVector accMean = FloatVector.zero(S);
                FloatVector accNorm = FloatVector.zero(S);
                int i = 0;
                for (; i < S.loopBound(c); i += L) {
                    FloatVector norm = load(inp, base + i).sub(m).mul(sv);
                    FloatVector dnorm = load(weight, i).mul(load(dout, base + i));
                    accMean = accMean.add(dnorm);
                    accNorm = dnorm.fma(norm, accNorm);
                }
                float dnormMean = VectorMath.sumLanes(accMean);
                float dnormNormMean = VectorMath.sumLanes(accNorm);
                for (int j = i; j < c; j++) {
                    float norm = (get(inp, base + j) - get(mean, row)) * s;
                    float dnorm = get(weight, j) * get(dout, base + j);
                    dnormMean += dnorm;
                    dnormNormMean += dnorm * norm;
                }
                dnormMean /= c;
                dnormNormMean /= c;
                FloatVector dm = FloatVector.broadcast(S, dnormMean);
                FloatVector dnm = FloatVector.broadcast(S, dnormNormMean);
                i = 0;
                for (; i < S.loopBound(c); i += L) {
                    FloatVector norm = load(inp, base + i).sub(m).mul(sv);
                    FloatVector dnorm = load(weight, i).mul(load(dout, base + i));
                    FloatVector d = dnorm.sub(dm).sub(norm.mul(dnm)).mul(sv);
                    store(load(dinp, base + i).add(d), dinp, base + i);
                }
                for (; i < c; i++) {
                    float norm = (get(inp, base + i) - get(mean, row)) * s;
                    float dnorm = get(weight, i) * get(dout, base + i);
                    set(dinp, base + i, get(dinp, base + i) + (dnorm - dnormMean - norm * dnormNormMean) * s);
                }
            }
        });
        // weight and bias gradients: reductions over rows
        reduceRows(dweight, dbias, n, c, (row, sw, sb) -> {
            long base = (long) row * c;
            float mean0 = get(mean, row);
            float s = get(rstd, row);
            for (int i = 0; i < c; i++) {
                float d = get(dout, base + i);
                sw[i] += (get(inp, base + i) - mean0) * s * d;
                if (sb != null) sb[i] += d;
            }
        });
    }

    @Override
    public void rmsNormForward(
            MemorySegment out, MemorySegment rstd, MemorySegment inp, MemorySegment weight, int n, int c, float eps) {
        parallel.forRange(n, rowsPerChunk(c), (from, to) -> {
            for (long row = from; row < to; row++) rmsNormRow(out, inp, row * c, weight, c, eps, rstd, row);
        });
    }

    /** RMSNorm of the row at inp[base, base + c) into out[base, ...); rstd[row] when rstd is not null. */
    private static void rmsNormRow(
            MemorySegment out,
            MemorySegment inp,
            long base,
            MemorySegment weight,
            int c,
            float eps,
            MemorySegment rstd,
            long row) {
        float s = (float) (1.0 / Math.sqrt(sumSquaredDeviation(inp, base, c, 0f) / c + eps));
        FloatVector sv = FloatVector.broadcast(S, s);
        int i = 0;
        for (; i < S.loopBound(c); i += L) store(load(inp, base + i).mul(sv).mul(load(weight, i)), out, base + i);
        for (; i < c; i++) set(out, base + i, get(inp, base + i) * s * get(weight, i));
        if (rstd != null) set(rstd, row, s);
    }

    @Override
    public void rmsNormBackward(
            MemorySegment dinp,
            MemorySegment dweight,
            MemorySegment dout,
            MemorySegment inp,
            MemorySegment weight,
            MemorySegment rstd,
            int n,
            int c) {
        parallel.forRange(n, rowsPerChunk(c), (from, to) -> {
            for (long row = from; row < to; row++) {
                long base = row * c;
                float s = get(rstd, row);
                FloatVector sv = FloatVector.broadcast(S, s);
                FloatVector acc = FloatVector.zero(S);
                int i = 0;
                for (; i < S.loopBound(c); i += L) {
                    FloatVector norm = load(inp, base + i).mul(sv);
                    acc = load(weight, i).mul(load(dout, base + i)).fma(norm, acc);
                }
                float dnn = VectorMath.sumLanes(acc);
                for (int j = i; j < c; j++) dnn += get(weight, j) * get(dout, base + j) * get(inp, base + j) * s;
                dnn /= c;
                FloatVector dnnv = FloatVector.broadcast(S, dnn);
                i = 0;
                for (; i < S.loopBound(c); i += L) {
                    FloatVector norm = load(inp, base + i).mul(sv);
                    FloatVector dnorm = load(weight, i).mul(load(dout, base + i));
                    store(load(dinp, base + i).add(dnorm.sub(norm.mul(dnnv)).mul(sv)), dinp, base + i);
                }
                for (; i < c; i++) {
                    float norm = get(inp, base + i) * s;
                    float dnorm = get(weight, i) * get(dout, base + i);
                    set(dinp, base + i, get(dinp, base + i) + s * (dnorm - norm * dnn));
                }
            }
        });
        reduceRows(dweight, null, n, c, (row, sw, unused) -> {
            long base = (long) row * c;
            float s = get(rstd, row);
            for (int i = 0; i < c; i++) sw[i] += get(inp, base + i) * s * get(dout, base + i);
        });
    }

    // ----- activations --------------------------------------------------------------------------------

    // vector constants, each made once (see VectorMath's constants for why)
    private static final FloatVector HALF = VectorMath.splat(0.5f);
    private static final FloatVector ONE = VectorMath.splat(1f);
    private static final FloatVector MINUS_HALF = VectorMath.splat(-0.5f);
    private static final FloatVector ERF_P = VectorMath.splat((float) GeluMath.ERF_P);
    private static final FloatVector ERF_A1 = VectorMath.splat((float) GeluMath.ERF_A1);
    private static final FloatVector ERF_A2 = VectorMath.splat((float) GeluMath.ERF_A2);
    private static final FloatVector ERF_A3 = VectorMath.splat((float) GeluMath.ERF_A3);
    private static final FloatVector ERF_A4 = VectorMath.splat((float) GeluMath.ERF_A4);
    private static final FloatVector ERF_A5 = VectorMath.splat((float) GeluMath.ERF_A5);
    private static final FloatVector GELU_CUBIC = VectorMath.splat((float) GeluMath.GELU_CUBIC);
    private static final FloatVector GELU_CUBIC_3 = VectorMath.splat((float) (3.0 * GeluMath.GELU_CUBIC));
    private static final FloatVector SQRT_2_OVER_PI = VectorMath.splat((float) GeluMath.SQRT_2_OVER_PI);
    private static final FloatVector INV_SQRT_2 = VectorMath.splat((float) GeluMath.INV_SQRT_2);
    private static final FloatVector INV_SQRT_2PI = VectorMath.splat((float) GeluMath.INV_SQRT_2PI);

    private static FloatVector erf(FloatVector x) {
        FloatVector ax = x.abs();
        FloatVector t = ONE.div(ax.mul(ERF_P).add(ONE));
        FloatVector poly = t.mul(ERF_A5).add(ERF_A4);
        poly = poly.mul(t).add(ERF_A3);
        poly = poly.mul(t).add(ERF_A2);
        poly = poly.mul(t).add(ERF_A1);
        poly = poly.mul(t);
        FloatVector y = ONE.sub(poly.mul(VectorMath.exp(ax.mul(ax).neg())));
        return y.blend(y.neg(), x.compare(VectorOperators.LT, 0f));
    }

    private static FloatVector tanhArgument(FloatVector x) {
        return x.mul(x).mul(x).mul(GELU_CUBIC).add(x).mul(SQRT_2_OVER_PI);
    }

    private static FloatVector gelu(FloatVector x, boolean tanhApproximation) {
        FloatVector inner = tanhApproximation ? VectorMath.tanh(tanhArgument(x)) : erf(x.mul(INV_SQRT_2));
        return HALF.mul(x).mul(ONE.add(inner));
    }

    private static FloatVector geluGrad(FloatVector x, boolean tanhApproximation) {
        if (tanhApproximation) {
            FloatVector th = VectorMath.tanh(tanhArgument(x));
            FloatVector sech2 = ONE.sub(th.mul(th));
            FloatVector dinner = x.mul(x).mul(GELU_CUBIC_3).add(ONE).mul(SQRT_2_OVER_PI);
            return HALF.mul(ONE.add(th)).add(HALF.mul(x).mul(sech2).mul(dinner));
        }
        FloatVector cdf = HALF.mul(ONE.add(erf(x.mul(INV_SQRT_2))));
        FloatVector pdf = VectorMath.exp(x.mul(x).mul(MINUS_HALF)).mul(INV_SQRT_2PI);
        return cdf.add(x.mul(pdf));
    }

    @Override
    public void geluForward(MemorySegment out, MemorySegment inp, long count, boolean tanhApproximation) {
        parallel.forRange(count, 1 << 13, (from, to) -> geluSpan(out, inp, from, to, tanhApproximation));
    }

    /** out[i] = gelu(inp[i]) for i in [from, to): whole vectors from from, then single floats. */
    private static void geluSpan(MemorySegment out, MemorySegment inp, long from, long to, boolean tanhApproximation) {
        long i = from;
        for (; i + L <= to; i += L)
            gelu(FloatVector.fromMemorySegment(S, inp, i * 4, ORDER), tanhApproximation)
                    .intoMemorySegment(out, i * 4, ORDER);
        for (; i < to; i++) {
            double x = get(inp, i);
            set(out, i, (float) (tanhApproximation ? GeluMath.tanhGelu(x) : GeluMath.erfGelu(x)));
        }
    }

    @Override
    public void geluBackward(
            MemorySegment dinp, MemorySegment inp, MemorySegment dout, long count, boolean tanhApproximation) {
        parallel.forRange(count, 1 << 13, (from, to) -> {
            long i = from;
            for (; i + L <= to; i += L) {
                FloatVector x = FloatVector.fromMemorySegment(S, inp, i * 4, ORDER);
                FloatVector d = FloatVector.fromMemorySegment(S, dout, i * 4, ORDER);
                geluGrad(x, tanhApproximation).mul(d).intoMemorySegment(dinp, i * 4, ORDER);
            }
            for (; i < to; i++) {
                double x = get(inp, i);
                double g = tanhApproximation ? GeluMath.tanhGeluGrad(x) : GeluMath.erfGeluGrad(x);
                set(dinp, i, (float) (g * get(dout, i)));
            }
        });
    }

    private static FloatVector sigmoid(FloatVector g) {
        return ONE.div(ONE.add(VectorMath.exp(g.neg())));
    }

    @Override
    public void swigluForward(MemorySegment out, MemorySegment inp, int n, int f) {
        parallel.forRange(n, rowsPerChunk(3 * f), (from, to) -> {
            for (long row = from; row < to; row++) swigluRow(out, row * f, inp, row * 2 * f, f);
        });
    }

    /** out[o, o + f) = silu(gate) * up of the row at inp[gi, gi + 2f): its gate, then its up projection. */
    private static void swigluRow(MemorySegment out, long oi, MemorySegment inp, long gi, int f) {
        int i = 0;
        for (; i < S.loopBound(f); i += L) {
            FloatVector g = FloatVector.fromMemorySegment(S, inp, (gi + i) * 4, ORDER);
            FloatVector u = FloatVector.fromMemorySegment(S, inp, (gi + f + i) * 4, ORDER);
            g.mul(sigmoid(g)).mul(u).intoMemorySegment(out, (oi + i) * 4, ORDER);
        }
        for (; i < f; i++) {
            float g = get(inp, gi + i);
            set(out, oi + i, (float) (g / (1 + Math.exp(-g))) * get(inp, gi + f + i));
        }
    }

    @Override
    public void swigluBackward(MemorySegment dinp, MemorySegment inp, MemorySegment dout, int n, int f) {
        parallel.forRange(n, rowsPerChunk(5 * f), (from, to) -> {
            for (long row = from; row < to; row++) {
                long gi = row * 2 * f;
                long oi = row * f;
                int i = 0;
                for (; i < S.loopBound(f); i += L) {
                    FloatVector g = load(inp, gi + i);
                    FloatVector u = load(inp, gi + f + i);
                    FloatVector d = load(dout, oi + i);
                    FloatVector sig = sigmoid(g);
                    FloatVector dg = d.mul(u).mul(sig).mul(ONE.add(g.mul(ONE.sub(sig))));
                    dg.intoMemorySegment(dinp, (gi + i) * 4, ORDER);
                    d.mul(g).mul(sig).intoMemorySegment(dinp, (gi + f + i) * 4, ORDER);
                }
                for (; i < f; i++) {
                    double g = get(inp, gi + i);
                    double u = get(inp, gi + f + i);
                    double d = get(dout, oi + i);
                    double sig = 1 / (1 + Math.exp(-g));
                    set(dinp, gi + i, (float) (d * u * sig * (1 + g * (1 - sig))));
                    set(dinp, gi + f + i, (float) (d * g * sig));
                }
            }
        });
    }

    // ----- attention pieces -------------------------------------------------------------------------

    @Override
    public void rope(
            MemorySegment x,
            MemorySegment positions,
            int n,
            int rowStride,
            int heads,
            int hs,
            RopeTable table,
            boolean inverse) {
        parallel.forRange(n, rowsPerChunk(heads * hs), (from, to) -> {
            for (long row = from; row < to; row++) {
                long angles = table.row(positions.getAtIndex(JAVA_INT, row));
                for (int h = 0; h < heads; h++) rotateHead(x, row * rowStride + (long) h * hs, table, angles, inverse);
            }
        });
    }

    /** The rope of one head of x starting at float b, by the angles at float angles of the table. */
    private static void rotateHead(MemorySegment x, long b, RopeTable table, long angles, boolean inverse) {
        int half = table.half, i = 0;
        for (; i < S.loopBound(half); i += L) {
            FloatVector x1 = load(x, b + i);
            FloatVector x2 = load(x, b + half + i);
            FloatVector c = load(table.cos, angles + i);
            FloatVector s = load(table.sin, angles + i);
            if (inverse) s = s.neg();
            store(x1.mul(c).sub(x2.mul(s)), x, b + i);
            store(x2.mul(c).add(x1.mul(s)), x, b + half + i);
        }
        for (; i < half; i++) {
            float x1 = get(x, b + i);
            float x2 = get(x, b + half + i);
            float c = get(table.cos, angles + i);
            float s = inverse ? -get(table.sin, angles + i) : get(table.sin, angles + i);
            set(x, b + i, x1 * c - x2 * s);
            set(x, b + half + i, x2 * c + x1 * s);
        }
    }

    private static final FloatVector IOTA = FloatVector.fromArray(S, iota(), 0);

    private static float[] iota() {
        float[] a = new float[L];
        for (int i = 0; i < L; i++) a[i] = i;
        return a;
    }

    @Override
    public void causalSoftmaxForward(
            MemorySegment att, int blocks, int t, int tk, int queryOffset, float[] alibiSlopes, int heads) {
        parallel.forRange((long) blocks * t, rowsPerChunk(tk), (from, to) -> {
            for (long r = from; r < to; r++) {
                int row = (int) (r % t);
                long base = r * tk;
                int count = Math.min(row + queryOffset, tk - 1) + 1;
                boolean alibi = alibiSlopes != null;
                softmaxRow(att, base, count, row + queryOffset, alibi, alibi ? alibiSlopes[(int) (r / t) % heads] : 0f);
                if (count < tk)
                    att.asSlice((base + count) * 4, (long) (tk - count) * 4).fill((byte) 0);
            }
        });
    }

    /**
     * Softmax in place over scores att[base, base + count) of the query at position q, with the ALiBi
     * bias slope * (j - q) added first when alibi is set.
     */
    private static void softmaxRow(MemorySegment att, long base, int count, int q, boolean alibi, float slope) {
        // Whole vectors, then the elements after the last one as floats through the same operations
        // (VectorMath.exp(float) gives a lane's bits): fewer nodes for the JIT's inlining budget (see
        // load()) than masked loads, stores and blends
        int whole = S.loopBound(count);
        // add the ALiBi bias and find the max
        FloatVector maxv = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        int j = 0;
        for (; j < whole; j += L) {
            FloatVector v = FloatVector.fromMemorySegment(S, att, (base + j) * 4, ORDER);
            if (alibi) {
                v = v.add(IOTA.add((float) (j - q)).mul(slope));
                v.intoMemorySegment(att, (base + j) * 4, ORDER);
            }
            maxv = maxv.max(v);
        }
        float max = maxv.reduceLanes(VectorOperators.MAX);
        for (; j < count; j++) {
            float v = get(att, base + j);
            if (alibi) {
                v += (float) (j - q) * slope;
                set(att, base + j, v);
            }
            max = Math.max(max, v);
        }
        // exponentiate, then sum in floats, four running sums: a vector sum carried through the exp loop
        // came out boxed, an allocation per vector, in some of the JIT's compilations of this method
        // (which ones depended on the profile it had when it compiled: in a process that trained first,
        // every time)
        FloatVector mv = FloatVector.broadcast(S, max);
        for (j = 0; j < whole; j += L)
            VectorMath.exp(FloatVector.fromMemorySegment(S, att, (base + j) * 4, ORDER)
                            .sub(mv))
                    .intoMemorySegment(att, (base + j) * 4, ORDER);
        for (; j < count; j++) set(att, base + j, VectorMath.exp(get(att, base + j) - max));
        float s0 = 0f, s1 = 0f, s2 = 0f, s3 = 0f;
        for (j = 0; j + 4 <= count; j += 4) {
            s0 += get(att, base + j);
            s1 += get(att, base + j + 1);
            s2 += get(att, base + j + 2);
            s3 += get(att, base + j + 3);
        }
        for (; j < count; j++) s0 += get(att, base + j);
        float sum = (s0 + s1) + (s2 + s3);
        scaleRow(att, base, count, 1f / sum);
    }

    /**
     * att[base, base + count) *= factor. Compiled on its own, never inlined (see {@link
     * CompilerDirectives}): as the last loop of the softmax row it was where C2 stopped inlining in some
     * processes, and it then ran the Vector API's fallback, 750 KB of allocation a batch-16 decode step
     * in about one bench run in twenty.
     */
    private static void scaleRow(MemorySegment att, long base, int count, float factor) {
        FloatVector f = FloatVector.broadcast(S, factor);
        int j = 0;
        for (; j < S.loopBound(count); j += L)
            FloatVector.fromMemorySegment(S, att, (base + j) * 4, ORDER)
                    .mul(f)
                    .intoMemorySegment(att, (base + j) * 4, ORDER);
        for (; j < count; j++) set(att, base + j, get(att, base + j) * factor);
    }

    /**
     * Decode attention reads each sequence's cache once, in address order: the keys (and then the values)
     * of a sequence stream as one run of memory, every kv head of a position together, rather than a
     * 256-byte read per head every 2 KB. The cache comes from memory at every step (the weights passed
     * through the caches in between), so that order is what sets the time. Per head: {@link #dot} for
     * each score, {@link #softmaxRow} (as the causal softmax of prefill and training), then one FMA per
     * value in position order, summed per block of {@link #KEY_BLOCK} positions, the blocks' sums added
     * in order. A task takes whole sequences, unless one sequence holds more than a thread's share of all
     * positions: then the sequences are split into their blocks, so that one long sequence (a single
     * user's long chat) is read by every thread. Either way the sums are the same floats.
     */
    @Override
    public void attentionDecode(
            int count,
            int[] rows,
            int[] lengths,
            MemorySegment qkv,
            int ldq,
            MemorySegment k,
            MemorySegment v,
            long[] kvOffsets,
            int kvStride,
            MemorySegment y,
            int ldy,
            int heads,
            int kvHeads,
            int hs,
            float scale,
            float[] alibiSlopes,
            RopeTable rope,
            MemorySegment att) {
        DecodeCall call = new DecodeCall(
                rows,
                lengths,
                qkv,
                ldq,
                k,
                v,
                kvOffsets,
                kvStride,
                y,
                ldy,
                heads,
                kvHeads,
                hs,
                scale,
                alibiSlopes,
                rope,
                att,
                longest(lengths, count));
        int blocks = call.maxLength() > KEY_BLOCK ? layOutBlocks(count, lengths, heads * hs) : count;
        long positions = 0;
        for (int i = 0; i < count; i++) positions += lengths[i];
        // a sequence longer than one thread's share of all positions would leave the other threads waiting
        if (blocks > count && (long) call.maxLength() * parallel.threads() > positions) {
            attentionDecodeInBlocks(call, count, blocks);
            return;
        }
        long sequenceMacs = 2L * call.maxLength() * hs * heads;
        // whole sequences per task. Split by kv heads, each thread read part of every row of the cache,
        // and one sequence of 2048 positions took 9.9 ms a step on two threads against 3.7 ms on one.
        parallel.forRange(count, Math.max(1, TASK_MACS / sequenceMacs), (from, to) -> {
            for (int i = (int) from; i < to; i++) {
                call.appendNewest(i);
                call.scores(i, 0, lengths[i]);
                for (int h = 0; h < heads; h++) call.softmax(i, h);
                if (lengths[i] <= KEY_BLOCK) {
                    call.valueSum(i, 0, lengths[i], y, (long) rows[i] * ldy);
                } else {
                    for (int b = firstBlock[i]; b < firstBlock[i + 1]; b++) blockValueSum(call, b);
                    addBlockSums(call, i);
                }
            }
        });
    }

    /** Positions per block of a sequence's value sum: fixed, so the sums do not depend on the split. */
    static final int KEY_BLOCK = 256;

    /**
     * Blocks of the sequences longer than {@link #KEY_BLOCK}, kept from call to call: each block's
     * sequence and index within it, each sequence's first block (count + 1 entries), and the blocks'
     * value sums (heads * hs floats per block).
     */
    private int[] blockSequence = new int[0], blockIndex = new int[0], firstBlock = new int[0];

    private MemorySegment blockSums = MemorySegment.NULL;

    /** Fills the block tables for these sequences and returns the number of blocks. */
    private int layOutBlocks(int count, int[] lengths, int width) {
        int blocks = 0;
        for (int i = 0; i < count; i++) blocks += (lengths[i] + KEY_BLOCK - 1) / KEY_BLOCK;
        if (blockIndex.length < blocks) {
            blockSequence = new int[blocks];
            blockIndex = new int[blocks];
        }
        if (firstBlock.length < count + 1) firstBlock = new int[count + 1];
        if (blockSums.byteSize() < (long) blocks * width * 4)
            blockSums = Arena.ofAuto().allocate((long) blocks * width * 4, 64);
        for (int i = 0, b = 0; i < count; i++) {
            firstBlock[i] = b;
            for (int j = 0; j * KEY_BLOCK < lengths[i]; j++, b++) {
                blockSequence[b] = i;
                blockIndex[b] = j;
            }
        }
        firstBlock[count] = blocks;
        return blocks;
    }

    /**
     * Decode attention split into blocks: appends the new positions, then the scores by blocks, the
     * softmax by (sequence, head), the value sums by blocks, and each sequence's block sums added in
     * order. Five calls instead of one, which long sequences pay for many times over (one sequence of
     * 2048 positions, 8 layers: 3.6 ms a step on one thread, 2.4 on two).
     */
    private void attentionDecodeInBlocks(DecodeCall call, int count, int blocks) {
        int[] sequence = blockSequence, index = blockIndex;
        long perTask = Math.max(1, TASK_MACS / (2L * KEY_BLOCK * call.hs() * call.heads()));
        parallel.forRange(count, 1, (from, to) -> {
            for (int i = (int) from; i < to; i++) call.appendNewest(i);
        });
        parallel.forRange(blocks, perTask, blocks, (from, to) -> {
            for (int b = (int) from; b < to; b++) {
                int i = sequence[b], p0 = index[b] * KEY_BLOCK;
                call.scores(i, p0, Math.min(call.lengths()[i], p0 + KEY_BLOCK));
            }
        });
        parallel.forRange((long) count * call.heads(), rowsPerChunk(call.maxLength()), (from, to) -> {
            for (long r = from; r < to; r++) call.softmax((int) (r / call.heads()), (int) (r % call.heads()));
        });
        parallel.forRange(blocks, perTask, blocks, (from, to) -> {
            for (int b = (int) from; b < to; b++) blockValueSum(call, b);
        });
        parallel.forRange(count, 1, (from, to) -> {
            for (int i = (int) from; i < to; i++) addBlockSums(call, i);
        });
    }

    private static int longest(int[] lengths, int count) {
        int longest = 0;
        for (int i = 0; i < count; i++) longest = Math.max(longest, lengths[i]);
        return longest;
    }

    /**
     * The arguments of one {@link #attentionDecode} call and the steps of the attention of one sequence;
     * head h of sequence i has its scores at att[(i * heads + h) * maxLength, ...).
     */
    private record DecodeCall(
            int[] rows,
            int[] lengths,
            MemorySegment qkv,
            int ldq,
            MemorySegment k,
            MemorySegment v,
            long[] kvOffsets,
            int kvStride,
            MemorySegment y,
            int ldy,
            int heads,
            int kvHeads,
            int hs,
            float scale,
            float[] alibiSlopes,
            RopeTable rope,
            MemorySegment att,
            int maxLength) {

        /**
         * Appends sequence i's new position to the cache: with a rope table, rotates its query and key
         * heads in place by position lengths[i] - 1 first.
         */
        void appendNewest(int i) {
            long row = (long) rows[i] * ldq, keys = row + (long) heads * hs, values = keys + (long) kvHeads * hs;
            if (rope != null) {
                long angles = rope.row(lengths[i] - 1);
                for (int h = 0; h < heads + kvHeads; h++) rotateHead(qkv, row + (long) h * hs, rope, angles, false);
            }
            long newest = (kvOffsets[i] + (long) (lengths[i] - 1) * kvStride) * 4;
            long bytes = (long) kvHeads * hs * 4;
            MemorySegment.copy(qkv, keys * 4, k, newest, bytes);
            MemorySegment.copy(qkv, values * 4, v, newest, bytes);
        }

        /** Sequence i's scores of positions [p0, p1), every head. */
        void scores(int i, int p0, int p1) {
            int group = heads / kvHeads;
            long qRow = (long) rows[i] * ldq, attBase = (long) i * heads * maxLength;
            for (int p = p0; p < p1; p++) {
                long key = kvOffsets[i] + (long) p * kvStride;
                for (int h = 0; h < heads; h++) {
                    float dot = dot(qkv, qRow + (long) h * hs, k, key + (long) (h / group) * hs, hs);
                    set(att, attBase + (long) h * maxLength + p, scale * dot);
                }
            }
        }

        /** Softmax of head h of sequence i over its positions, with the head's ALiBi bias when given. */
        void softmax(int i, int h) {
            boolean alibi = alibiSlopes != null;
            long base = ((long) i * heads + h) * maxLength;
            softmaxRow(att, base, lengths[i], lengths[i] - 1, alibi, alibi ? alibiSlopes[h] : 0f);
        }

        /**
         * out[outBase + h * hs, ... + hs) = sum over positions [p0, p1) of sequence i of the head's
         * probability times its value, every head, one FMA per value in position order from zero.
         */
        void valueSum(int i, int p0, int p1, MemorySegment out, long outBase) {
            int group = heads / kvHeads;
            long attBase = (long) i * heads * maxLength;
            // zeroed by vector stores: a slice and fill() here allocated a segment per call (past the
            // JIT's inlining budget, so the slice was not scalar-replaced)
            FloatVector zero = FloatVector.zero(S);
            long o = outBase, outEnd = outBase + (long) heads * hs;
            for (; o + L <= outEnd; o += L) zero.intoMemorySegment(out, o * 4, ORDER);
            for (; o < outEnd; o++) set(out, o, 0f);
            int vectorEnd = S.loopBound(hs);
            for (int p = p0; p < p1; p++) {
                long value = kvOffsets[i] + (long) p * kvStride;
                for (int h = 0; h < heads; h++) {
                    float w = get(att, attBase + (long) h * maxLength + p);
                    FloatVector wv = FloatVector.broadcast(S, w);
                    long vh = value + (long) (h / group) * hs, yh = outBase + (long) h * hs;
                    int d = 0;
                    for (; d < vectorEnd; d += L)
                        load(v, vh + d).fma(wv, load(out, yh + d)).intoMemorySegment(out, (yh + d) * 4, ORDER);
                    for (; d < hs; d++) set(out, yh + d, Math.fma(get(v, vh + d), w, get(out, yh + d)));
                }
            }
        }
    }

    /** The value sum of block b (see {@link #layOutBlocks}) into its place in the block sums. */
    private void blockValueSum(DecodeCall call, int b) {
        int i = blockSequence[b], p0 = blockIndex[b] * KEY_BLOCK;
        call.valueSum(
                i, p0, Math.min(call.lengths()[i], p0 + KEY_BLOCK), blockSums, (long) b * call.heads() * call.hs());
    }

    /** Sequence i's output: its blocks' value sums added in block order. */
    private void addBlockSums(DecodeCall call, int i) {
        int width = call.heads() * call.hs();
        long out = (long) call.rows()[i] * call.ldy();
        MemorySegment y = call.y();
        MemorySegment.copy(blockSums, (long) firstBlock[i] * width * 4, y, out * 4, (long) width * 4);
        for (int b = firstBlock[i] + 1; b < firstBlock[i + 1]; b++) {
            long block = (long) b * width;
            int d = 0;
            for (; d + L <= width; d += L) store(load(y, out + d).add(load(blockSums, block + d)), y, out + d);
            for (; d < width; d++) set(y, out + d, get(y, out + d) + get(blockSums, block + d));
        }
    }

    @Override
    public void causalSoftmaxBackward(MemorySegment datt, MemorySegment att, int blocks, int t, int tk) {
        parallel.forRange((long) blocks * t, rowsPerChunk(tk), (from, to) -> {
            for (long r = from; r < to; r++) {
                long base = r * tk;
                // only keys up to the diagonal have a probability; the rest of the row becomes 0
                int count = Math.min((int) (r % t), tk - 1) + 1;
                FloatVector acc = FloatVector.zero(S);
                int j = 0;
                for (; j < S.loopBound(count); j += L) acc = load(att, base + j).fma(load(datt, base + j), acc);
                float dot = VectorMath.sumLanes(acc);
                for (int k = j; k < count; k++) dot += get(att, base + k) * get(datt, base + k);
                FloatVector dv = FloatVector.broadcast(S, dot);
                j = 0;
                for (; j < S.loopBound(count); j += L)
                    store(load(att, base + j).mul(load(datt, base + j).sub(dv)), datt, base + j);
                for (; j < count; j++) set(datt, base + j, get(att, base + j) * (get(datt, base + j) - dot));
                datt.asSlice((base + count) * 4, (long) (tk - count) * 4).fill((byte) 0);
            }
        });
    }

    // ----- loss -----------------------------------------------------------------------------------------

    private static float rowMax(MemorySegment x, long base, int v) {
        FloatVector m = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        int j = 0;
        for (; j < S.loopBound(v); j += L) m = m.max(load(x, base + j));
        float max = m.reduceLanes(VectorOperators.MAX);
        for (; j < v; j++) max = Math.max(max, get(x, base + j));
        return max;
    }

    private static float rowSumExp(MemorySegment x, long base, int v, float max) {
        FloatVector mv = FloatVector.broadcast(S, max);
        FloatVector acc = FloatVector.zero(S);
        int j = 0;
        for (; j < S.loopBound(v); j += L)
            acc = acc.add(VectorMath.exp(load(x, base + j).sub(mv)));
        float sum = VectorMath.sumLanes(acc);
        for (; j < v; j++) sum += (float) Math.exp(get(x, base + j) - max);
        return sum;
    }

    @Override
    public void crossEntropyForward(
            MemorySegment losses, MemorySegment logSumExp, MemorySegment logits, MemorySegment targets, int n, int v) {
        parallel.forRange(n, rowsPerChunk(v), (from, to) -> {
            for (long row = from; row < to; row++) {
                int target = targets.getAtIndex(JAVA_INT, row);
                if (target < 0) {
                    set(losses, row, 0f);
                    set(logSumExp, row, 0f);
                    continue;
                }
                long base = row * v;
                float max = rowMax(logits, base, v);
                float sum = rowSumExp(logits, base, v, max);
                float lse = (float) (Math.log(sum) + max);
                set(logSumExp, row, lse);
                set(losses, row, lse - get(logits, base + target));
            }
        });
    }

    @Override
    public void crossEntropyBackward(
            MemorySegment logits, MemorySegment logSumExp, MemorySegment targets, int n, int v, float scale) {
        parallel.forRange(n, rowsPerChunk(v), (from, to) -> {
            for (long row = from; row < to; row++) {
                int target = targets.getAtIndex(JAVA_INT, row);
                long base = row * v;
                if (target < 0) {
                    logits.asSlice(base * 4, (long) v * 4).fill((byte) 0);
                    continue;
                }
                float lse = get(logSumExp, row);
                FloatVector lv = FloatVector.broadcast(S, lse);
                FloatVector k = FloatVector.broadcast(S, scale);
                int j = 0;
                for (; j < S.loopBound(v); j += L) {
                    store(VectorMath.exp(load(logits, base + j).sub(lv)).mul(k), logits, base + j);
                }
                for (; j < v; j++) set(logits, base + j, (float) Math.exp(get(logits, base + j) - lse) * scale);
                set(logits, base + target, get(logits, base + target) - scale);
            }
        });
    }

    // ----- optimizer ------------------------------------------------------------------------------------

    @Override
    public double sumOfSquares(MemorySegment x, long count) {
        int blocks = (int) ((count + REDUCE_ELEMENTS - 1) / REDUCE_ELEMENTS);
        double[] partial = new double[blocks];
        parallel.forRange(blocks, 1, (b0, b1) -> {
            for (long blk = b0; blk < b1; blk++) {
                long from = blk * REDUCE_ELEMENTS;
                long to = Math.min(count, from + REDUCE_ELEMENTS);
                FloatVector acc = FloatVector.zero(S);
                long i = from;
                for (; i + L <= to; i += L) {
                    FloatVector v = load(x, i);
                    acc = v.fma(v, acc);
                }
                double s = VectorMath.sumLanes(acc);
                for (; i < to; i++) s += (double) get(x, i) * get(x, i);
                partial[(int) blk] = s;
            }
        });
        double total = 0;
        for (double p : partial) total += p;
        return total;
    }

    @Override
    public void scale(MemorySegment x, long count, float s) {
        parallel.forRange(count, 1 << 14, (from, to) -> {
            long i = from;
            for (; i + L <= to; i += L) store(load(x, i).mul(s), x, i);
            for (; i < to; i++) set(x, i, get(x, i) * s);
        });
    }

    @Override
    public void adamw(
            MemorySegment params,
            MemorySegment grads,
            MemorySegment m,
            MemorySegment v,
            long count,
            float lr,
            float beta1,
            float beta2,
            float eps,
            float weightDecay,
            int step) {
        AdamWMath k = new AdamWMath(lr, beta1, beta2, eps, weightDecay, step);
        parallel.forRange(count, 1 << 13, (from, to) -> {
            long i = from;
            for (; i + L <= to; i += L) {
                FloatVector g = load(grads, i);
                FloatVector mi = load(m, i).mul(beta1).add(g.mul(1 - beta1));
                FloatVector vi = load(v, i).mul(beta2).add(g.mul(g).mul(1 - beta2));
                FloatVector p = load(params, i).mul(k.decayFactor());
                FloatVector denom = vi.sqrt().div(k.biasCorrection2Sqrt()).add(eps);
                store(p.sub(mi.mul(k.stepSize()).div(denom)), params, i);
                store(mi, m, i);
                store(vi, v, i);
            }
            for (; i < to; i++) {
                float g = get(grads, i);
                float mi = beta1 * get(m, i) + (1 - beta1) * g;
                float vi = beta2 * get(v, i) + (1 - beta2) * g * g;
                float p = get(params, i) * k.decayFactor();
                float denom = (float) Math.sqrt(vi) / k.biasCorrection2Sqrt() + eps;
                set(params, i, p - k.stepSize() * mi / denom);
                set(m, i, mi);
                set(v, i, vi);
            }
        });
    }
}
