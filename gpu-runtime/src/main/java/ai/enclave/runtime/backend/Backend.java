package ai.enclave.runtime.backend;

import java.lang.foreign.MemorySegment;

/**
 * The primitives every backend implements; model code (forward, backward, optimizer, inference) is
 * written once on top of them. All tensors are fp32, row-major, passed as memory segments that start
 * at the tensor's first element; sizes are counts of floats.
 *
 * <p>Dimension legend: N rows (= B*T tokens), C channels, OC output channels, V vocabulary, F MLP
 * hidden width, T query length, TK key length, H heads, hs head size.
 *
 * <p>Accumulation rule (llm.c): backward kernels ADD into weight gradients ({@code dWeight += ...});
 * for input gradients each method says whether it adds or overwrites.
 *
 * <p>Not here: memory management (segments come from the caller) and anything model-specific.
 */
public interface Backend {

    String name();

    /** Number of worker threads this backend uses (1 for the naive reference). */
    int threads();

    /** C(m,n) = alpha * op(A)(m,k) * op(B)(k,n) + beta * C, op = transpose when the flag is set. */
    void gemm(
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
            int ldc);

    /**
     * count independent products of the same shape: C_i = alpha * op(A_i) * op(B_i) + beta * C_i where
     * X_i starts aOffsets[i] (bOffsets[i], cOffsets[i]) floats into a (b, c). Entries may share A or B
     * but must write disjoint blocks of C, so a backend may run them in any order or all at once (the
     * per-head products of attention; cublasSgemmBatched on the GPU).
     */
    void gemmBatched(
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
            int count);

    /**
     * Rearranges a weight matrix W (n, k), in place, into this backend's layout for {@link
     * #gemmPackedWeights}: the same floats in another order, readable by that method only. Inference
     * packs its matrices once at load, because a layout made for products with a few rows (decode)
     * reaches the FMA peak where the row-major one cannot.
     */
    void packWeights(MemorySegment w, int n, int k);

    /**
     * C(m, n) = A(m, k) . W^T (+ bias(n) when bias is not null), with W (n, k) packed by {@link
     * #packWeights} of this backend and A given or made from another matrix as {@link ProductRows} says;
     * then, when residual is not null, residual(m, n) += C, where residual has C's row stride. The bias and
     * the residual add of a transformer block are done by whichever task computed each block of C, while
     * it is in that core's cache, so a decode step does not need separate calls for them (each call is one
     * more handoff between the cores).
     */
    void gemmPackedWeights(
            int m,
            int n,
            int k,
            ProductRows a,
            MemorySegment w,
            MemorySegment bias,
            MemorySegment c,
            int ldc,
            MemorySegment residual);

    // ----- embeddings ---------------------------------------------------------------------------

    /** out(N,C) = wte[tokens[n]] (+ wpe[positions[n]] when wpe is not null). tokens, positions: int32 (N). */
    void embeddingForward(
            MemorySegment out,
            MemorySegment tokens,
            MemorySegment positions,
            MemorySegment wte,
            MemorySegment wpe,
            int n,
            int c);

    /** dwte[tokens[n]] += dout[n]; dwpe[positions[n]] += dout[n] (dwpe may be null). */
    void embeddingBackward(
            MemorySegment dwte,
            MemorySegment dwpe,
            MemorySegment dout,
            MemorySegment tokens,
            MemorySegment positions,
            int n,
            int c);

    // ----- bias and residual ----------------------------------------------------------------------

    /** out(N,OC) += bias(OC) on every row. */
    void addBias(MemorySegment out, MemorySegment bias, int n, int oc);

    /** dbias(OC) += sum over rows of dout(N,OC). */
    void biasBackward(MemorySegment dbias, MemorySegment dout, int n, int oc);

    /** out = a + b, elementwise over count floats (out may alias a). */
    void add(MemorySegment out, MemorySegment a, MemorySegment b, long count);

    // ----- normalisation ----------------------------------------------------------------------------

    /** LayerNorm over C per row; bias may be null (MPT). mean, rstd (N) are saved for backward. */
    void layerNormForward(
            MemorySegment out,
            MemorySegment mean,
            MemorySegment rstd,
            MemorySegment inp,
            MemorySegment weight,
            MemorySegment bias,
            int n,
            int c,
            float eps);

    /** dinp += ..., dweight += ..., dbias += ... (dbias null when there is no bias). */
    void layerNormBackward(
            MemorySegment dinp,
            MemorySegment dweight,
            MemorySegment dbias,
            MemorySegment dout,
            MemorySegment inp,
            MemorySegment weight,
            MemorySegment mean,
            MemorySegment rstd,
            int n,
            int c);

    /** RMSNorm (Llama): out = inp * rstd * weight, rstd (N) saved for backward. */
    void rmsNormForward(
            MemorySegment out, MemorySegment rstd, MemorySegment inp, MemorySegment weight, int n, int c, float eps);

    /** dinp += ..., dweight += ... */
    void rmsNormBackward(
            MemorySegment dinp,
            MemorySegment dweight,
            MemorySegment dout,
            MemorySegment inp,
            MemorySegment weight,
            MemorySegment rstd,
            int n,
            int c);

    // ----- activations -----------------------------------------------------------------------------

    /** out = gelu(inp) over count floats; tanh approximation (GPT-2) or exact erf form (MPT). */
    void geluForward(MemorySegment out, MemorySegment inp, long count, boolean tanhApproximation);

    /** dinp = gelu'(inp) * dout (overwrites). */
    void geluBackward(MemorySegment dinp, MemorySegment inp, MemorySegment dout, long count, boolean tanhApproximation);

    /** out(N,F) = silu(inp[:, :F]) * inp[:, F:], inp (N, 2F) holds gate then up. */
    void swigluForward(MemorySegment out, MemorySegment inp, int n, int f);

    /** dinp(N,2F) = d(gate | up) (overwrites). */
    void swigluBackward(MemorySegment dinp, MemorySegment inp, MemorySegment dout, int n, int f);

    // ----- attention pieces (the products go through gemm) --------------------------------------------

    /**
     * Rotary embedding in place (HF Llama "rotate half" convention): in every row of x (rows of
     * rowStride floats), heads 0..heads-1 of size hs starting at float 0 are rotated by the angle
     * positions[row] * theta^(-2i/hs) for the pair (i, i + hs/2), with cos and sin from table (built
     * for this hs). inverse rotates back, which is the backward pass.
     */
    void rope(
            MemorySegment x,
            MemorySegment positions,
            int n,
            int rowStride,
            int heads,
            int hs,
            RopeTable table,
            boolean inverse);

    /**
     * Causal softmax in place over blocks of scores att (blocks, T, TK): row t of a block sees keys
     * 0..t+queryOffset; later keys get probability 0. With alibiSlopes (one per head, block % heads
     * is the head) the score of key j in row t gets slope * (j - (t + queryOffset)) added first.
     */
    void causalSoftmaxForward(
            MemorySegment att, int blocks, int t, int tk, int queryOffset, float[] alibiSlopes, int heads);

    /** In place: datt becomes d(scores) = att * (datt - sum(att * datt)) per row, 0 above the diagonal. */
    void causalSoftmaxBackward(MemorySegment datt, MemorySegment att, int blocks, int t, int tk);

    /**
     * Decode attention: one new query row per sequence against that sequence's cached keys and values,
     * scores, softmax and weighted sum in one call (a step of batched generation; flash-decoding on a
     * GPU). The result is what gemmBatched, causalSoftmaxForward and gemmBatched give for the same rows.
     *
     * <p>Sequence i has lengths[i] positions, its new one last. Row rows[i] of qkv (row stride ldq) holds
     * that position's H query heads, then its NKV key heads, then its NKV value heads, hs floats each, as
     * the fused QKV product writes them. The call first appends the new position to the cache: with a
     * rope table it rotates the query and key heads in place by position lengths[i] - 1 (as {@link #rope}
     * does), then copies key and value into the cache. Appending here lets the thread that attends over a
     * kv head write that head's new row, rather than a serial copy between two parallel calls.
     *
     * <p>Position p of the sequence's keys and values starts kvOffsets[i] + p * kvStride floats into k
     * and v and holds NKV*hs floats; query head h reads kv head h / (H / NKV). Scores are scale * q.k,
     * plus slope[h] * (p - (lengths[i] - 1)) when alibiSlopes is not null. The output goes to row rows[i]
     * of y (stride ldy). att is scratch of count * H * max(lengths) floats.
     */
    void attentionDecode(
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
            MemorySegment att);

    // ----- loss ----------------------------------------------------------------------------------------

    /**
     * losses(N) = -log softmax(logits[n])[targets[n]]; 0 where targets[n] < 0 (masked). logSumExp(N)
     * keeps log(sum(exp(logits[n]))) of every unmasked row for the backward pass, which then reads the
     * logits once instead of three times (the (N, V) logits are the largest tensor of a step).
     */
    void crossEntropyForward(
            MemorySegment losses, MemorySegment logSumExp, MemorySegment logits, MemorySegment targets, int n, int v);

    /**
     * In place: logits(N,V) become dlogits = (softmax - onehot) * scale, softmax = exp(logits - logSumExp)
     * with logSumExp from the forward pass over the same logits; rows with target < 0 become 0.
     */
    void crossEntropyBackward(
            MemorySegment logits, MemorySegment logSumExp, MemorySegment targets, int n, int v, float scale);

    // ----- optimizer ------------------------------------------------------------------------------------

    /** Sum of squares of count floats, reduced in a fixed order so the result is reproducible. */
    double sumOfSquares(MemorySegment x, long count);

    /** x *= s over count floats. */
    void scale(MemorySegment x, long count, float s);

    /**
     * One torch.optim.AdamW step over count parameters: decoupled decay p *= 1 - lr*wd, moments
     * m, v, bias correction with the 1-based step number.
     */
    void adamw(
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
            int step);
}
