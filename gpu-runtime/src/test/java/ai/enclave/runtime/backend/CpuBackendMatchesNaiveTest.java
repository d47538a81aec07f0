package ai.enclave.runtime.backend;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.enclave.runtime.model.Rng;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every fast CPU kernel against its scalar twin in NaiveBackend on random inputs whose sizes are not
 * multiples of the vector width (so the tail loops run too), including the products with packed
 * weights that inference uses. Tolerances are relative to the largest magnitude of the expected tensor.
 */
class CpuBackendMatchesNaiveTest {
    private static final double TOLERANCE = 2e-5;
    private final Backend naive = new NaiveBackend();
    private final Backend cpu = new CpuBackend(2);
    private final Arena arena = Arena.ofShared();
    private final Rng rng = new Rng(11);

    @AfterEach
    void close() {
        arena.close();
    }

    private MemorySegment random(long count) {
        MemorySegment s = arena.allocate(count * 4, 64);
        for (long i = 0; i < count; i++) s.setAtIndex(JAVA_FLOAT, i, (float) rng.nextGaussian());
        return s;
    }

    private MemorySegment copy(MemorySegment s) {
        MemorySegment c = arena.allocate(s.byteSize(), 64);
        c.copyFrom(s);
        return c;
    }

    private MemorySegment ints(int... values) {
        MemorySegment s = arena.allocate(4L * values.length, 64);
        for (int i = 0; i < values.length; i++) s.setAtIndex(JAVA_INT, i, values[i]);
        return s;
    }

    private static void assertClose(String what, MemorySegment actual, MemorySegment expected) {
        float[] a = actual.toArray(JAVA_FLOAT), e = expected.toArray(JAVA_FLOAT);
        double maxDiff = 0, maxRef = 1e-30;
        for (int i = 0; i < a.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(a[i] - e[i]));
            maxRef = Math.max(maxRef, Math.abs(e[i]));
        }
        assertThat(maxDiff / maxRef).as(what + " relative difference").isLessThanOrEqualTo(TOLERANCE);
    }

    @ParameterizedTest(name = "m={0} n={1} k={2} transA={3} transB={4}")
    @CsvSource({
        "1,37,53,false,true", "3,41,29,false,true", "16,70,33,false,true", "17,23,19,false,true",
        "5,31,47,false,false", "9,13,71,true,false", "33,35,17,true,true", "130,67,45,false,true",
        "300,70,200,false,false", "70,300,201,true,false"
    })
    void gemm_equals_the_naive_product_for_every_transpose_and_awkward_size(
            int m, int n, int k, boolean transA, boolean transB) {
        int lda = (transA ? m : k) + 3, ldb = (transB ? k : n) + 5, ldc = n + 2;
        MemorySegment a = random((long) (transA ? k : m) * lda);
        MemorySegment b = random((long) (transB ? n : k) * ldb);
        MemorySegment c0 = random((long) m * ldc);
        for (float beta : new float[] {0f, 1f}) {
            MemorySegment want = copy(c0), got = copy(c0);
            naive.gemm(transA, transB, m, n, k, 0.7f, a, lda, b, ldb, beta, want, ldc);
            cpu.gemm(transA, transB, m, n, k, 0.7f, a, lda, b, ldb, beta, got, ldc);
            assertClose("gemm beta " + beta, got, want);
        }
    }

    @ParameterizedTest(name = "m={0} n={1} k={2}")
    @CsvSource({
        "1,48,64",
        "1,512,96",
        "4,144,33",
        "5,100,47",
        "16,512,70",
        "16,37,53",
        "17,203,29",
        "17,80,29",
        "5,37,47",
        "3,7,5",
        "64,130,200"
    })
    void products_with_packed_weights_equal_the_naive_product(int m, int n, int k) {
        // n covers whole panels and narrow last panels of two vectors, one vector and single columns; m covers
        // blocks of 8 and 4 rows and rows left over
        int lda = k + 3, ldc = n + 2;
        MemorySegment a = random((long) m * lda), w = random((long) n * k), c0 = random((long) m * ldc);
        MemorySegment packed = copy(w), want = copy(c0), got = copy(c0);
        naive.gemm(false, true, m, n, k, 1f, a, lda, w, k, 0f, want, ldc);
        cpu.packWeights(packed, n, k);
        cpu.gemmPackedWeights(m, n, k, new ProductRows.Given(a, lda), packed, null, got, ldc, null);
        assertClose("packed product", got, want);
        // columns past n in each row of C are left alone
        for (int i = 0; i < m; i++)
            for (int j = n; j < ldc && (long) i * ldc + j < (long) m * ldc; j++)
                assertThat(got.getAtIndex(JAVA_FLOAT, (long) i * ldc + j))
                        .isEqualTo(c0.getAtIndex(JAVA_FLOAT, (long) i * ldc + j));
    }

    @ParameterizedTest(name = "m={0} n={1} k={2}")
    @CsvSource({"1,144,40", "1,100,40", "16,512,70", "5,37,47"})
    void packed_products_add_the_bias_to_c_and_c_to_the_residual_as_the_naive_backend_does(int m, int n, int k) {
        // one row over two whole panels at once, narrow panels, blocks of 8 and 4 rows: each path adds
        int ldc = n + 3;
        MemorySegment a = random((long) m * k), w = random((long) n * k), bias = random(n);
        MemorySegment residual0 = random((long) m * ldc), packed = copy(w);
        MemorySegment wantC = random((long) m * ldc), gotC = copy(wantC);
        MemorySegment wantResidual = copy(residual0), gotResidual = copy(residual0);
        naive.gemmPackedWeights(m, n, k, new ProductRows.Given(a, k), w, bias, wantC, ldc, wantResidual);
        cpu.packWeights(packed, n, k);
        cpu.gemmPackedWeights(m, n, k, new ProductRows.Given(a, k), packed, bias, gotC, ldc, gotResidual);
        assertClose("product plus bias", gotC, wantC);
        assertClose("residual plus product", gotResidual, wantResidual);
        // the sum is the residual's own value plus the stored C, to the bit, as a separate add gives
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++) {
                long at = (long) i * ldc + j;
                assertThat(gotResidual.getAtIndex(JAVA_FLOAT, at))
                        .isEqualTo(residual0.getAtIndex(JAVA_FLOAT, at) + gotC.getAtIndex(JAVA_FLOAT, at));
            }
        // the residual's columns past n are left alone
        for (int i = 0; i + 1 < m; i++)
            for (int j = n; j < ldc; j++)
                assertThat(gotResidual.getAtIndex(JAVA_FLOAT, (long) i * ldc + j))
                        .isEqualTo(residual0.getAtIndex(JAVA_FLOAT, (long) i * ldc + j));
    }

    @ParameterizedTest(name = "{0}, m={1}")
    @CsvSource({
        "rms,1",
        "rms,16",
        "rms,40",
        "layer,5",
        "layer,40",
        "layer without bias,16",
        "swiglu,16",
        "swiglu,33",
        "gelu,7",
        "gelu,40",
        "gelu tanh,16"
    })
    void products_of_made_rows_equal_the_separate_kernels_to_the_bit_and_the_naive_backend(String kind, int m) {
        // up to 32 rows every thread makes all rows for itself, past that they are made once for all threads
        int n = 100, k = 70, source = kind.equals("swiglu") ? 2 * k : k;
        MemorySegment x = random((long) m * source), weight = random(k), shift = random(k), bias = random(n);
        MemorySegment w = random((long) n * k), packed = copy(w);
        cpu.packWeights(packed, n, k);
        ProductRows rows = switch (kind) {
            case "rms" -> new ProductRows.RmsNormed(x, weight, 1e-5f);
            case "layer" -> new ProductRows.LayerNormed(x, weight, shift, 1e-5f);
            case "layer without bias" -> new ProductRows.LayerNormed(x, weight, null, 1e-5f);
            case "swiglu" -> new ProductRows.SwiGlu(x);
            case "gelu" -> new ProductRows.Gelu(x, false);
            default -> new ProductRows.Gelu(x, true);
        };
        MemorySegment made = arena.allocate(4L * m * k), stats = arena.allocate(8L * m);
        switch (rows) {
            case ProductRows.RmsNormed r -> cpu.rmsNormForward(made, stats, x, weight, m, k, r.eps());
            case ProductRows.LayerNormed r ->
                cpu.layerNormForward(made, stats, stats.asSlice(4L * m), x, weight, r.bias(), m, k, r.eps());
            case ProductRows.SwiGlu r -> cpu.swigluForward(made, x, m, k);
            case ProductRows.Gelu r -> cpu.geluForward(made, x, (long) m * k, r.tanhApproximation());
            case ProductRows.Given g -> throw new AssertionError();
        }
        MemorySegment separate = arena.allocate(4L * m * n), fused = arena.allocate(4L * m * n);
        MemorySegment want = arena.allocate(4L * m * n);
        cpu.gemmPackedWeights(m, n, k, new ProductRows.Given(made, k), packed, bias, separate, n, null);
        cpu.gemmPackedWeights(m, n, k, rows, packed, bias, fused, n, null);
        naive.gemmPackedWeights(m, n, k, rows, w, bias, want, n, null);
        assertThat(fused.toArray(JAVA_FLOAT)).isEqualTo(separate.toArray(JAVA_FLOAT));
        assertClose("product of " + kind + " rows", fused, want);
        // the next call makes its rows anew (a thread's rows are those of one call)
        MemorySegment x2 = copy(x);
        for (long i = 0; i < x.byteSize() / 4; i++) x.setAtIndex(JAVA_FLOAT, i, -x2.getAtIndex(JAVA_FLOAT, i));
        cpu.gemmPackedWeights(m, n, k, rows, packed, bias, fused, n, null);
        naive.gemmPackedWeights(m, n, k, rows, w, bias, want, n, null);
        assertClose("product of " + kind + " rows, second call", fused, want);
    }

    @Test
    void batched_gemm_equals_one_naive_product_per_entry() {
        int m = 19, n = 23, k = 13, count = 5, lda = 40, ldb = 40, ldc = 30;
        MemorySegment a = random(m * lda * 2L), b = random(n * ldb * 2L), c0 = random((long) ldc * m * count);
        // entries may share inputs (grouped-query attention) but write disjoint blocks of C
        long[] aOff = {0, 13, 27, 0, m * lda}, bOff = {0, 0, 13, 27, n * ldb};
        long[] cOff = {0, 4L * m * ldc, (long) m * ldc, 3L * m * ldc, 2L * m * ldc};
        MemorySegment want = copy(c0), got = copy(c0);
        // the naive batched product is one naive gemm per entry
        naive.gemmBatched(false, true, m, n, k, 0.5f, a, aOff, lda, b, bOff, ldb, 1f, want, cOff, ldc, count);
        cpu.gemmBatched(false, true, m, n, k, 0.5f, a, aOff, lda, b, bOff, ldb, 1f, got, cOff, ldc, count);
        assertClose("batched gemm", got, want);
    }

    @ParameterizedTest(name = "transB={0} beta={1}")
    @CsvSource({"true,0", "true,1", "false,0", "false,1"})
    void batched_products_of_one_row_equal_the_naive_product(boolean transB, float beta) {
        // one query row against its keys (transB) and probabilities times values, as training at T = 1 runs them
        int n = 70, k = 53, count = 12, lda = k + 3, ldb = (transB ? k : n) + 5, ldc = n + 2;
        MemorySegment a = random((long) count * lda), b = random((long) (transB ? n : k) * ldb + 7);
        MemorySegment c0 = random((long) count * ldc);
        long[] aOff = new long[count], bOff = new long[count], cOff = new long[count];
        for (int i = 0; i < count; i++) {
            aOff[i] = (long) i * lda;
            bOff[i] = i % 3;
            cOff[i] = (long) (count - 1 - i) * ldc;
        }
        MemorySegment want = copy(c0), got = copy(c0);
        naive.gemmBatched(false, transB, 1, n, k, 0.5f, a, aOff, lda, b, bOff, ldb, beta, want, cOff, ldc, count);
        cpu.gemmBatched(false, transB, 1, n, k, 0.5f, a, aOff, lda, b, bOff, ldb, beta, got, cOff, ldc, count);
        assertClose("batched one-row gemm", got, want);
    }

    @ParameterizedTest(name = "{0} kv heads, alibi {1}, rope {2}, {3} sequences, longest {4}")
    @CsvSource({
        "6,false,false,5,40",
        "2,false,true,5,40",
        "1,false,false,5,40",
        "6,true,false,5,40",
        "3,false,true,5,40",
        // past one block of positions: one long sequence is split into blocks, two long ones of five are not
        "2,true,true,2,600",
        "3,false,true,5,530"
    })
    void decode_attention_appends_the_new_position_and_matches_the_naive_reference(
            int kvHeads, boolean alibi, boolean rotary, int count, int longest) {
        // sequences of different lengths (1 key up to several vectors of keys, a head size with tail loops),
        // query rows out of order, strides wider than the rows they hold; the rows hold the new keys and
        // values after the queries, as the fused QKV product writes them
        int heads = 6, hs = 38, ldq = (heads + 2 * kvHeads) * hs + 11, ldy = heads * hs + 3;
        int kvStride = kvHeads * hs + 5, capacity = longest + 1;
        int[] lengths = Arrays.copyOf(new int[] {longest, 1, 17, longest - 3, 33}, count), rows = new int[count];
        long[] kvOffsets = new long[count];
        for (int i = 0; i < count; i++) {
            rows[i] = count - 1 - i;
            kvOffsets[i] = (long) (count - 1 - i) * capacity * kvStride;
        }
        float[] slopes = alibi ? new float[] {0.5f, 0.25f, 0.125f, 0.0625f, 0.03125f, 0.015625f} : null;
        RopeTable table = rotary ? new RopeTable(10000f, hs, capacity, arena) : null;
        if (rotary) table.prepare(capacity);
        MemorySegment qkv = random((long) count * ldq), k = random((long) count * capacity * kvStride);
        MemorySegment v = random((long) count * capacity * kvStride), y = random((long) count * ldy);
        MemorySegment qkvWant = copy(qkv), kWant = copy(k), vWant = copy(v), yWant = copy(y);
        MemorySegment att = random((long) count * heads * longest);
        naive.attentionDecode(
                count, rows, lengths, qkvWant, ldq, kWant, vWant, kvOffsets, kvStride, yWant, ldy, heads, kvHeads, hs,
                0.3f, slopes, table, att);
        cpu.attentionDecode(
                count, rows, lengths, qkv, ldq, k, v, kvOffsets, kvStride, y, ldy, heads, kvHeads, hs, 0.3f, slopes,
                table, att);
        assertClose("rotated queries and keys", qkv, qkvWant);
        assertClose("keys with the new positions", k, kWant);
        assertClose("values with the new positions", v, vWant);
        assertClose("decode attention", y, yWant);
    }

    @Test
    void a_long_sequence_decodes_to_the_same_bits_alone_in_a_batch_and_on_one_thread() {
        // alone, its blocks are split between the threads (on one thread, taken in turn); in a batch of
        // five each task takes whole sequences
        int heads = 4, kvHeads = 2, hs = 32, ldq = (heads + 2 * kvHeads) * hs, ldy = heads * hs;
        int kvStride = kvHeads * hs, longest = 3 * CpuBackend.KEY_BLOCK + 7, capacity = longest, count = 5;
        int[] lengths = {longest, 9, longest - 100, 300, 2};
        long[] kvOffsets = new long[count];
        for (int i = 0; i < count; i++) kvOffsets[i] = (long) i * capacity * kvStride;
        MemorySegment qkv = random((long) count * ldq), k = random((long) count * capacity * kvStride);
        MemorySegment v = random((long) count * capacity * kvStride);
        float[][] outputs = new float[3][];
        int[][] rowsOf = {{0}, {0, 1, 2, 3, 4}, {0}};
        Backend[] backends = {cpu, cpu, new CpuBackend(1)};
        for (int run = 0; run < 3; run++) {
            int n = rowsOf[run].length;
            MemorySegment y = arena.allocate(4L * count * ldy, 64), att = arena.allocate(4L * n * heads * longest);
            backends[run].attentionDecode(
                    n,
                    rowsOf[run],
                    lengths,
                    copy(qkv),
                    ldq,
                    copy(k),
                    copy(v),
                    kvOffsets,
                    kvStride,
                    y,
                    ldy,
                    heads,
                    kvHeads,
                    hs,
                    0.2f,
                    null,
                    null,
                    att);
            outputs[run] = y.asSlice(0, 4L * ldy).toArray(JAVA_FLOAT);
        }
        assertThat(outputs[1]).isEqualTo(outputs[0]);
        assertThat(outputs[2]).isEqualTo(outputs[0]);
    }

    @Test
    void embedding_forward_and_backward_match() {
        int n = 11, c = 37, v = 9, t = 6;
        MemorySegment wte = random((long) v * c), wpe = random((long) t * c);
        MemorySegment tokens = ints(3, 1, 3, 8, 0, 3, 2, 2, 7, 1, 4), positions = ints(0, 1, 2, 3, 4, 5, 0, 1, 2, 3, 4);
        for (MemorySegment pe : new MemorySegment[] {wpe, null}) {
            MemorySegment want = random((long) n * c), got = copy(want);
            naive.embeddingForward(want, tokens, positions, wte, pe, n, c);
            cpu.embeddingForward(got, tokens, positions, wte, pe, n, c);
            assertClose("embedding forward", got, want);
        }
        MemorySegment dout = random((long) n * c);
        MemorySegment dwteWant = random((long) v * c), dwteGot = copy(dwteWant);
        MemorySegment dwpeWant = random((long) t * c), dwpeGot = copy(dwpeWant);
        naive.embeddingBackward(dwteWant, dwpeWant, dout, tokens, positions, n, c);
        cpu.embeddingBackward(dwteGot, dwpeGot, dout, tokens, positions, n, c);
        assertClose("dwte", dwteGot, dwteWant);
        assertClose("dwpe", dwpeGot, dwpeWant);
    }

    @Test
    void bias_add_and_residual_kernels_match() {
        int n = 133, oc = 37;
        MemorySegment bias = random(oc), out0 = random((long) n * oc);
        MemorySegment want = copy(out0), got = copy(out0);
        naive.addBias(want, bias, n, oc);
        cpu.addBias(got, bias, n, oc);
        assertClose("addBias", got, want);
        MemorySegment dbWant = random(oc), dbGot = copy(dbWant);
        naive.biasBackward(dbWant, out0, n, oc);
        cpu.biasBackward(dbGot, out0, n, oc);
        assertClose("biasBackward", dbGot, dbWant);
        long count = 70_001;
        MemorySegment x = random(count), y = random(count), sWant = random(count), sGot = copy(sWant);
        naive.add(sWant, x, y, count);
        cpu.add(sGot, x, y, count);
        assertClose("add", sGot, sWant);
        naive.scale(sWant, count, 0.3f);
        cpu.scale(sGot, count, 0.3f);
        assertClose("scale", sGot, sWant);
        assertThat(cpu.sumOfSquares(x, count))
                .isCloseTo(naive.sumOfSquares(x, count), org.assertj.core.data.Percentage.withPercentage(1e-4));
    }

    @ParameterizedTest(name = "with bias: {0}")
    @ValueSource(booleans = {true, false})
    void layer_norm_forward_and_backward_match(boolean withBias) {
        int n = 13, c = 37;
        MemorySegment inp = random((long) n * c), w = random(c), b = withBias ? random(c) : null;
        MemorySegment outW = random((long) n * c), outG = copy(outW);
        MemorySegment meanW = random(n), meanG = random(n), rstdW = random(n), rstdG = random(n);
        naive.layerNormForward(outW, meanW, rstdW, inp, w, b, n, c, 1e-5f);
        cpu.layerNormForward(outG, meanG, rstdG, inp, w, b, n, c, 1e-5f);
        assertClose("layerNorm out", outG, outW);
        assertClose("layerNorm rstd", rstdG, rstdW);
        MemorySegment dout = random((long) n * c);
        MemorySegment dinpW = random((long) n * c), dinpG = copy(dinpW);
        MemorySegment dwW = random(c), dwG = copy(dwW);
        MemorySegment dbW = withBias ? random(c) : null, dbG = withBias ? copy(dbW) : null;
        naive.layerNormBackward(dinpW, dwW, dbW, dout, inp, w, meanW, rstdW, n, c);
        cpu.layerNormBackward(dinpG, dwG, dbG, dout, inp, w, meanW, rstdW, n, c);
        assertClose("layerNorm dinp", dinpG, dinpW);
        assertClose("layerNorm dweight", dwG, dwW);
        if (withBias) assertClose("layerNorm dbias", dbG, dbW);
    }

    @Test
    void rms_norm_forward_and_backward_match() {
        int n = 13, c = 37;
        MemorySegment inp = random((long) n * c), w = random(c);
        MemorySegment outW = random((long) n * c), outG = copy(outW), rstdW = random(n), rstdG = random(n);
        naive.rmsNormForward(outW, rstdW, inp, w, n, c, 1e-6f);
        cpu.rmsNormForward(outG, rstdG, inp, w, n, c, 1e-6f);
        assertClose("rmsNorm out", outG, outW);
        MemorySegment dout = random((long) n * c);
        MemorySegment dinpW = random((long) n * c), dinpG = copy(dinpW), dwW = random(c), dwG = copy(dwW);
        naive.rmsNormBackward(dinpW, dwW, dout, inp, w, rstdW, n, c);
        cpu.rmsNormBackward(dinpG, dwG, dout, inp, w, rstdW, n, c);
        assertClose("rmsNorm dinp", dinpG, dinpW);
        assertClose("rmsNorm dweight", dwG, dwW);
    }

    @ParameterizedTest(name = "tanh approximation: {0}")
    @ValueSource(booleans = {true, false})
    void gelu_forward_and_backward_match(boolean tanh) {
        long count = 20_003;
        MemorySegment inp = random(count), dout = random(count);
        for (long i = 0; i < 40; i++) inp.setAtIndex(JAVA_FLOAT, i, (i - 20) * 0.75f); // the saturated tails too
        MemorySegment outW = random(count), outG = copy(outW);
        naive.geluForward(outW, inp, count, tanh);
        cpu.geluForward(outG, inp, count, tanh);
        assertClose("gelu", outG, outW);
        naive.geluBackward(outW, inp, dout, count, tanh);
        cpu.geluBackward(outG, inp, dout, count, tanh);
        assertClose("gelu backward", outG, outW);
    }

    @Test
    void swiglu_forward_and_backward_match() {
        int n = 7, f = 45;
        MemorySegment inp = random((long) n * 2 * f), dout = random((long) n * f);
        MemorySegment outW = random((long) n * f), outG = copy(outW);
        naive.swigluForward(outW, inp, n, f);
        cpu.swigluForward(outG, inp, n, f);
        assertClose("swiglu", outG, outW);
        MemorySegment dW = random((long) n * 2 * f), dG = copy(dW);
        naive.swigluBackward(dW, inp, dout, n, f);
        cpu.swigluBackward(dG, inp, dout, n, f);
        assertClose("swiglu backward", dG, dW);
    }

    @ParameterizedTest(name = "inverse: {0}")
    @ValueSource(booleans = {false, true})
    void rope_matches(boolean inverse) {
        int n = 5, heads = 3, hs = 38, stride = heads * hs + 7;
        MemorySegment x = random((long) n * stride), positions = ints(0, 1, 7, 300, 3999);
        MemorySegment want = copy(x), got = copy(x);
        RopeTable table = new RopeTable(10000f, hs, 4096, arena);
        table.prepare(4000);
        naive.rope(want, positions, n, stride, heads, hs, table, inverse);
        cpu.rope(got, positions, n, stride, heads, hs, table, inverse);
        assertClose("rope", got, want);
        // a position not prepared is refused, not read as zeros; one past the table cannot be prepared
        assertThatThrownBy(() -> cpu.rope(got, ints(4095), 1, stride, heads, hs, table, inverse))
                .hasMessageContaining("position 4095 is outside the 4000 positions prepared");
        table.prepare(4096);
        cpu.rope(got, ints(4095), 1, stride, heads, hs, table, inverse);
        assertThatThrownBy(() -> table.prepare(4097))
                .hasMessageContaining("position 4096 is outside the 4096 positions");
    }

    @ParameterizedTest(name = "query offset {0}, alibi {1}")
    @CsvSource({"0,false", "0,true", "5,false", "5,true"})
    void causal_softmax_forward_and_backward_match(int queryOffset, boolean alibi) {
        int heads = 3, blocks = 6, t = 19, tk = t + queryOffset;
        float[] slopes = alibi ? new float[] {0.5f, 0.25f, 0.125f} : null;
        MemorySegment att = random((long) blocks * t * tk);
        MemorySegment want = copy(att), got = copy(att);
        naive.causalSoftmaxForward(want, blocks, t, tk, queryOffset, slopes, heads);
        cpu.causalSoftmaxForward(got, blocks, t, tk, queryOffset, slopes, heads);
        assertClose("softmax", got, want);
        if (queryOffset == 0) {
            MemorySegment datt = random((long) blocks * t * tk);
            MemorySegment dW = copy(datt), dG = copy(datt);
            naive.causalSoftmaxBackward(dW, want, blocks, t, tk);
            cpu.causalSoftmaxBackward(dG, want, blocks, t, tk);
            assertClose("softmax backward", dG, dW);
        }
    }

    @Test
    void cross_entropy_forward_and_backward_match() {
        int n = 9, v = 53;
        MemorySegment logits = random((long) n * v), targets = ints(0, 52, 17, -1, 3, 3, 40, -1, 9);
        MemorySegment lossW = random(n), lossG = random(n), lseW = random(n), lseG = random(n);
        naive.crossEntropyForward(lossW, lseW, logits, targets, n, v);
        cpu.crossEntropyForward(lossG, lseG, logits, targets, n, v);
        assertClose("cross-entropy", lossG, lossW);
        assertClose("log-sum-exp", lseG, lseW);
        MemorySegment dW = copy(logits), dG = copy(logits);
        naive.crossEntropyBackward(dW, lseW, targets, n, v, 0.25f);
        cpu.crossEntropyBackward(dG, lseG, targets, n, v, 0.25f);
        assertClose("cross-entropy backward", dG, dW);
    }

    @Test
    void adamw_step_matches() {
        long count = 10_007;
        MemorySegment grads = random(count), p0 = random(count), m0 = random(count), v0 = random(count);
        for (long i = 0; i < count; i++) v0.setAtIndex(JAVA_FLOAT, i, Math.abs(v0.getAtIndex(JAVA_FLOAT, i)));
        MemorySegment pW = copy(p0), pG = copy(p0), mW = copy(m0), mG = copy(m0), vW = copy(v0), vG = copy(v0);
        naive.adamw(pW, grads, mW, vW, count, 1e-3f, 0.9f, 0.95f, 1e-8f, 0.1f, 3);
        cpu.adamw(pG, grads, mG, vG, count, 1e-3f, 0.9f, 0.95f, 1e-8f, 0.1f, 3);
        assertClose("adamw params", pG, pW);
        assertClose("adamw m", mG, mW);
        assertClose("adamw v", vG, vW);
    }
}
