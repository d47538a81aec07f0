package ai.enclave.runtime.model;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import ai.enclave.runtime.EngineException;
import ai.enclave.runtime.backend.Backend;
import ai.enclave.runtime.backend.RopeTable;
import ai.enclave.runtime.model.ModelConfig.Family;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Training forward and backward of the decoder-only transformer, written once for the three
 * families against {@link Backend} (llm.c's gpt2_forward / gpt2_backward). Each block is pre-norm:
 * x += attnProj(attention(qkv(norm1(x)))); x += mlp(norm2(x)). Layer functions take outputs first,
 * then inputs, then weights, then sizes. Not inference: the KV-cache path is {@code Decoder}.
 *
 * <p>Legend: B batch, T time, C channels, NH heads, NKV key/value heads, hs head size, QKV =
 * (NH+2*NKV)*hs, A = NH*hs, F MLP width, FC = F or 2F, V vocabulary, N = B*T rows.
 */
public final class Transformer {
    public final ModelConfig config;
    public final Backend backend;
    public final ParameterTensors params;
    public final ParameterTensors grads;
    public final Activations acts;
    private final float[] alibiSlopes;
    private final RopeTable rope; // Llama only
    // float offsets of the per-(batch row, head) blocks of the batched attention products, (B*NH)
    private final long[] qOff, kOff, vOff, outOff, attOff;
    private final long[] qBlock, outBlock, attBlock; // the same, moved to the first row of a query block
    private final long[] groupSrc, groupX, groupDst; // (B*NKV), one head of each group
    private int lastB;
    private int lastT;

    public Transformer(
            ModelConfig config,
            Backend backend,
            ParameterTensors params,
            int maxB,
            int maxT,
            boolean training,
            Arena arena) {
        params.requireTrainingLayout("a Transformer");
        this.config = config;
        this.backend = backend;
        this.params = params;
        this.grads = training ? new ParameterTensors(config, arena) : null;
        this.acts = new Activations(config, maxB, maxT, arena);
        this.alibiSlopes = config.alibiSlopes();
        this.rope = config.family() == Family.LLAMA
                ? new RopeTable(config.ropeTheta(), config.headSize(), maxT, arena)
                : null;
        int heads = maxB * config.heads(), kvHeads = maxB * config.kvHeads();
        qOff = new long[heads];
        qBlock = new long[heads];
        outBlock = new long[heads];
        attBlock = new long[heads];
        kOff = new long[heads];
        vOff = new long[heads];
        outOff = new long[heads];
        attOff = new long[heads];
        groupSrc = new long[kvHeads];
        groupX = new long[kvHeads];
        groupDst = new long[kvHeads];
    }

    static MemorySegment at(MemorySegment s, long floatOffset) {
        return s.asSlice(floatOffset * 4);
    }

    // ----- layers built on the backend's gemm ------------------------------------------------------

    /** out(N,OC) = inp(N,IC) . weight(OC,IC)^T + bias(OC). */
    void matmulForward(
            MemorySegment out, MemorySegment inp, MemorySegment weight, MemorySegment bias, int n, int ic, int oc) {
        backend.gemm(false, true, n, oc, ic, 1f, inp, ic, weight, ic, 0f, out, oc);
        if (bias != null) backend.addBias(out, bias, n, oc);
    }

    /** dinp(N,IC) = dout . weight (overwrites); dweight(OC,IC) += dout^T . inp; dbias(OC) += colsum(dout). */
    void matmulBackward(
            MemorySegment dinp,
            MemorySegment dweight,
            MemorySegment dbias,
            MemorySegment dout,
            MemorySegment inp,
            MemorySegment weight,
            int n,
            int ic,
            int oc) {
        backend.gemm(false, false, n, ic, oc, 1f, dout, oc, weight, ic, 0f, dinp, ic);
        backend.gemm(true, false, oc, ic, n, 1f, dout, oc, inp, ic, 1f, dweight, ic);
        if (dbias != null) backend.biasBackward(dbias, dout, n, oc);
    }

    /** LayerNorm (with or without bias) or RMSNorm, by family; mean unused for RMSNorm. */
    void normForward(
            MemorySegment out,
            MemorySegment mean,
            MemorySegment rstd,
            MemorySegment inp,
            MemorySegment w,
            MemorySegment b,
            int n) {
        if (config.family() == Family.LLAMA)
            backend.rmsNormForward(out, rstd, inp, w, n, config.channels(), config.normEps());
        else backend.layerNormForward(out, mean, rstd, inp, w, b, n, config.channels(), config.normEps());
    }

    /** dinp += ..., dw += ..., db += ... */
    void normBackward(
            MemorySegment dinp,
            MemorySegment dw,
            MemorySegment db,
            MemorySegment dout,
            MemorySegment inp,
            MemorySegment w,
            MemorySegment mean,
            MemorySegment rstd,
            int n) {
        if (config.family() == Family.LLAMA)
            backend.rmsNormBackward(dinp, dw, dout, inp, w, rstd, n, config.channels());
        else backend.layerNormBackward(dinp, dw, db, dout, inp, w, mean, rstd, n, config.channels());
    }

    /** fchAct(N,F) = gelu(fch) or swiglu(fch(N,2F)). */
    void mlpActivationForward(MemorySegment out, MemorySegment inp, int n) {
        if (config.family() == Family.LLAMA) backend.swigluForward(out, inp, n, config.ffnHidden());
        else backend.geluForward(out, inp, (long) n * config.ffnHidden(), config.family() == Family.GPT2);
    }

    /** dinp(N,FC) = activation'(inp) * dout (overwrites). */
    void mlpActivationBackward(MemorySegment dinp, MemorySegment inp, MemorySegment dout, int n) {
        if (config.family() == Family.LLAMA) backend.swigluBackward(dinp, inp, dout, n, config.ffnHidden());
        else backend.geluBackward(dinp, inp, dout, (long) n * config.ffnHidden(), config.family() == Family.GPT2);
    }

    /**
     * Fills the float offsets of every (batch row, head) block for the batched attention products:
     * q, k, v inside qkv, the head's slice of the attention output (or its gradient), the (T,T) block
     * of att. Index bi*NH + h; query head h reads key/value head h / (NH/NKV).
     */
    private void headOffsets(int b, int t) {
        int nh = config.heads(), hs = config.headSize(), qkvC = config.qkvChannels(), a = nh * hs;
        int nkv = config.kvHeads(), group = nh / nkv;
        for (int bi = 0; bi < b; bi++) {
            for (int h = 0; h < nh; h++) {
                int i = bi * nh + h;
                long row0 = (long) bi * t * qkvC;
                qOff[i] = row0 + (long) h * hs;
                kOff[i] = row0 + (long) (nh + h / group) * hs;
                vOff[i] = row0 + (long) (nh + nkv + h / group) * hs;
                outOff[i] = (long) bi * t * a + (long) h * hs;
                attOff[i] = (long) i * t * t;
            }
        }
    }

    /** Query rows per block of the attention products; keys past a block's last row are skipped. */
    private static final int QUERY_BLOCK = 64;

    /** dst[i] = src[i] + delta for the first count entries. */
    private static long[] shifted(long[] dst, long[] src, long delta, int count) {
        for (int i = 0; i < count; i++) dst[i] = src[i] + delta;
        return dst;
    }

    /**
     * Causal self-attention over a (B,T,QKV) buffer laid out q heads | k heads | v heads; query head
     * h reads key/value head h / (NH/NKV). out (B,T,A); att (B,NH,T,T) keeps the probabilities.
     * The products run per block of query rows [r0, r1) against keys [0, r1) only, which skips most
     * of the masked half (the softmax zeroes what a block leaves unwritten above the diagonal).
     */
    void attentionForward(MemorySegment out, MemorySegment att, MemorySegment qkv, int b, int t) {
        int nh = config.heads(), hs = config.headSize(), qkvC = config.qkvChannels(), a = nh * hs;
        float scale = (float) (1.0 / Math.sqrt(hs));
        int count = b * nh;
        headOffsets(b, t);
        for (int r0 = 0; r0 < t; r0 += QUERY_BLOCK) {
            int rows = Math.min(QUERY_BLOCK, t - r0), keys = r0 + rows;
            backend.gemmBatched(
                    false,
                    true,
                    rows,
                    keys,
                    hs,
                    scale,
                    qkv,
                    shifted(qBlock, qOff, (long) r0 * qkvC, count),
                    qkvC,
                    qkv,
                    kOff,
                    qkvC,
                    0f,
                    att,
                    shifted(attBlock, attOff, (long) r0 * t, count),
                    t,
                    count);
        }
        backend.causalSoftmaxForward(att, count, t, t, 0, alibiSlopes, nh);
        for (int r0 = 0; r0 < t; r0 += QUERY_BLOCK) {
            int rows = Math.min(QUERY_BLOCK, t - r0), keys = r0 + rows;
            backend.gemmBatched(
                    false,
                    false,
                    rows,
                    hs,
                    keys,
                    1f,
                    att,
                    shifted(attBlock, attOff, (long) r0 * t, count),
                    t,
                    qkv,
                    vOff,
                    qkvC,
                    0f,
                    out,
                    shifted(outBlock, outOff, (long) r0 * a, count),
                    a,
                    count);
        }
    }

    /**
     * dqkv (B,T,QKV) = gradient of attentionForward (overwrites); datt (B,NH,T,T) is scratch.
     * datt = dout.v^T; dv += att^T.dout; dscores = softmax'(datt); dq += scale*dscores.k; dk += scale*dscores^T.q,
     * each per block of query rows like the forward pass.
     */
    void attentionBackward(
            MemorySegment dqkv,
            MemorySegment datt,
            MemorySegment dout,
            MemorySegment qkv,
            MemorySegment att,
            int b,
            int t) {
        int nh = config.heads(), hs = config.headSize(), qkvC = config.qkvChannels(), a = nh * hs;
        float scale = (float) (1.0 / Math.sqrt(hs));
        int count = b * nh;
        headOffsets(b, t);
        dqkv.asSlice(0, (long) b * t * qkvC * 4).fill((byte) 0);
        for (int r0 = 0; r0 < t; r0 += QUERY_BLOCK) {
            int rows = Math.min(QUERY_BLOCK, t - r0), keys = r0 + rows;
            long[] attRows = shifted(attBlock, attOff, (long) r0 * t, count);
            long[] doutRows = shifted(outBlock, outOff, (long) r0 * a, count);
            backend.gemmBatched(
                    false, true, rows, keys, hs, 1f, dout, doutRows, a, qkv, vOff, qkvC, 0f, datt, attRows, t, count);
            sharedKvProducts(att, attRows, t, dout, doutRows, a, 1f, dqkv, vOff, keys, rows, b);
        }
        backend.causalSoftmaxBackward(datt, att, count, t, t);
        for (int r0 = 0; r0 < t; r0 += QUERY_BLOCK) {
            int rows = Math.min(QUERY_BLOCK, t - r0), keys = r0 + rows;
            long[] attRows = shifted(attBlock, attOff, (long) r0 * t, count);
            long[] qRows = shifted(qBlock, qOff, (long) r0 * qkvC, count);
            backend.gemmBatched(
                    false, false, rows, hs, keys, scale, datt, attRows, t, qkv, kOff, qkvC, 1f, dqkv, qRows, qkvC,
                    count);
            sharedKvProducts(datt, attRows, t, qkv, qRows, qkvC, scale, dqkv, kOff, keys, rows, b);
        }
    }

    /**
     * dst(keys, hs) of each kv head += alpha * src(rows, keys)^T . x(rows, hs) of every query head:
     * with grouped-query attention several heads add into one key/value head, so each batched call
     * takes one head per group (the j-th), which keeps the blocks a call writes disjoint and the
     * order of the sums fixed.
     */
    private void sharedKvProducts(
            MemorySegment src,
            long[] srcOff,
            int lds,
            MemorySegment x,
            long[] xOff,
            int ldx,
            float alpha,
            MemorySegment dst,
            long[] dstOff,
            int keys,
            int rows,
            int b) {
        int nh = config.heads(), nkv = config.kvHeads(), group = nh / nkv, hs = config.headSize();
        int count = b * nkv;
        for (int j = 0; j < group; j++) {
            for (int bi = 0; bi < b; bi++) {
                for (int kv = 0; kv < nkv; kv++) {
                    int head = bi * nh + kv * group + j, i = bi * nkv + kv;
                    groupSrc[i] = srcOff[head];
                    groupX[i] = xOff[head];
                    groupDst[i] = dstOff[head];
                }
            }
            backend.gemmBatched(
                    true,
                    false,
                    keys,
                    hs,
                    rows,
                    alpha,
                    src,
                    groupSrc,
                    lds,
                    x,
                    groupX,
                    ldx,
                    1f,
                    dst,
                    groupDst,
                    config.qkvChannels(),
                    count);
        }
    }

    // ----- the model ------------------------------------------------------------------------------------

    /**
     * Forward over tokens (B,T); with targets (B,T, -1 = no loss) computes the losses and returns their
     * mean over the counted positions, else returns NaN and leaves the logits (B,T,V) in acts.logits.
     */
    public float forward(int[] tokens, int[] targets, int b, int t) {
        if (b > acts.maxB || t > acts.maxT)
            throw new EngineException("batch " + b + "x" + t + " exceeds the allocated " + acts.maxB + "x" + acts.maxT);
        if (config.hasPositionEmbeddings() && t > config.maxSeqLen()) {
            throw new EngineException(
                    "sequence length " + t + " exceeds the model's learned positions (" + config.maxSeqLen() + ")");
        }
        int n = b * t, c = config.channels(), qkvC = config.qkvChannels(), a = config.heads() * config.headSize();
        int f = config.ffnHidden(), fc = config.fcChannels(), v = config.vocabSize();
        for (int i = 0; i < n; i++) {
            if (tokens[i] < 0 || tokens[i] >= v)
                throw new EngineException("token id " + tokens[i] + " is outside the vocabulary (size " + v + ")");
            acts.tokens.setAtIndex(JAVA_INT, i, tokens[i]);
            acts.positions.setAtIndex(JAVA_INT, i, i % t);
            acts.targets.setAtIndex(JAVA_INT, i, targets == null ? -1 : targets[i]);
        }
        lastB = b;
        lastT = t;
        if (rope != null) rope.prepare(t);
        ParameterTensors p = params;
        backend.embeddingForward(acts.encoded, acts.tokens, acts.positions, p.wte, p.wpe, n, c);
        MemorySegment residual = acts.encoded;
        for (int l = 0; l < config.layers(); l++) {
            LayerActs la = new LayerActs(l);
            normForward(la.ln1, la.ln1Mean, la.ln1Rstd, residual, p.ln1w(l), p.ln1b(l), n);
            matmulForward(la.qkv, la.ln1, p.qkvw(l), p.qkvb(l), n, c, qkvC);
            if (rope != null) rope(la.qkv, n, false);
            attentionForward(la.atty, la.att, la.qkv, b, t);
            matmulForward(la.attproj, la.atty, p.attprojw(l), p.attprojb(l), n, a, c);
            backend.add(la.residual2, residual, la.attproj, (long) n * c);
            normForward(la.ln2, la.ln2Mean, la.ln2Rstd, la.residual2, p.ln2w(l), p.ln2b(l), n);
            matmulForward(la.fch, la.ln2, p.fcw(l), p.fcb(l), n, c, fc);
            mlpActivationForward(la.fchAct, la.fch, n);
            matmulForward(la.fcproj, la.fchAct, p.fcprojw(l), p.fcprojb(l), n, f, c);
            backend.add(la.residual3, la.residual2, la.fcproj, (long) n * c);
            residual = la.residual3;
        }
        normForward(acts.lnf, acts.lnfMean, acts.lnfRstd, residual, p.lnfw, p.lnfb, n);
        matmulForward(acts.logits, acts.lnf, p.lmHead, null, n, c, v);
        if (targets == null) return Float.NaN;
        backend.crossEntropyForward(acts.losses, acts.logSumExp, acts.logits, acts.targets, n, v);
        double sum = 0;
        int counted = 0;
        for (int i = 0; i < n; i++) {
            if (targets[i] >= 0) {
                sum += acts.losses.getAtIndex(JAVA_FLOAT, i);
                counted++;
            }
        }
        return counted == 0 ? 0f : (float) (sum / counted);
    }

    /** Number of positions the last forward counted in its loss. */
    public int countedTargets() {
        int counted = 0;
        for (int i = 0; i < lastB * lastT; i++) if (acts.targets.getAtIndex(JAVA_INT, i) >= 0) counted++;
        return counted;
    }

    private void rope(MemorySegment qkv, int n, boolean inverse) {
        // q and k heads are adjacent at the start of each row, so one call rotates both
        backend.rope(
                qkv,
                acts.positions,
                n,
                config.qkvChannels(),
                config.heads() + config.kvHeads(),
                config.headSize(),
                rope,
                inverse);
    }

    /** Sets every gradient to zero (call once per optimizer step, before the micro-steps). */
    public void zeroGrad() {
        grads.zero();
    }

    /**
     * Backward of the last forward (which must have had targets): adds into grads. Each counted
     * position's loss is weighted by lossScale (1 / counted positions / accumulation steps gives the
     * mean).
     */
    public void backward(float lossScale) {
        int b = lastB, t = lastT, n = b * t, c = config.channels(), qkvC = config.qkvChannels();
        int a = config.heads() * config.headSize(),
                f = config.ffnHidden(),
                fc = config.fcChannels(),
                v = config.vocabSize();
        ParameterTensors p = params, g = grads;
        backend.crossEntropyBackward(acts.logits, acts.logSumExp, acts.targets, n, v, lossScale);
        MemorySegment dlogits = acts.logits;
        MemorySegment dresidual = acts.dresidual;
        dresidual.asSlice(0, (long) n * c * 4).fill((byte) 0);
        MemorySegment lastResidual = config.layers() == 0 ? acts.encoded : new LayerActs(config.layers() - 1).residual3;
        matmulBackward(acts.dln, g.lmHead, null, dlogits, acts.lnf, p.lmHead, n, c, v);
        normBackward(dresidual, g.lnfw, g.lnfb, acts.dln, lastResidual, p.lnfw, acts.lnfMean, acts.lnfRstd, n);
        for (int l = config.layers() - 1; l >= 0; l--) {
            LayerActs la = new LayerActs(l);
            MemorySegment residual = l == 0 ? acts.encoded : new LayerActs(l - 1).residual3;
            // residual3 = residual2 + fcproj: dresidual flows to both unchanged
            matmulBackward(acts.dfchAct, g.fcprojw(l), g.fcprojb(l), dresidual, la.fchAct, p.fcprojw(l), n, f, c);
            mlpActivationBackward(acts.dfch, la.fch, acts.dfchAct, n);
            matmulBackward(acts.dln, g.fcw(l), g.fcb(l), acts.dfch, la.ln2, p.fcw(l), n, c, fc);
            normBackward(dresidual, g.ln2w(l), g.ln2b(l), acts.dln, la.residual2, p.ln2w(l), la.ln2Mean, la.ln2Rstd, n);
            // residual2 = residual + attproj
            matmulBackward(acts.datty, g.attprojw(l), g.attprojb(l), dresidual, la.atty, p.attprojw(l), n, a, c);
            attentionBackward(acts.dqkv, acts.datt, acts.datty, la.qkv, la.att, b, t);
            if (rope != null) rope(acts.dqkv, n, true);
            matmulBackward(acts.dln, g.qkvw(l), g.qkvb(l), acts.dqkv, la.ln1, p.qkvw(l), n, c, qkvC);
            normBackward(dresidual, g.ln1w(l), g.ln1b(l), acts.dln, residual, p.ln1w(l), la.ln1Mean, la.ln1Rstd, n);
        }
        backend.embeddingBackward(g.wte, g.wpe, dresidual, acts.tokens, acts.positions, n, c);
    }

    /** The per-layer slices of the activations for the current batch shape. */
    private final class LayerActs {
        final MemorySegment ln1,
                ln1Mean,
                ln1Rstd,
                qkv,
                atty,
                att,
                attproj,
                residual2,
                ln2,
                ln2Mean,
                ln2Rstd,
                fch,
                fchAct,
                fcproj,
                residual3;

        LayerActs(int l) {
            Activations x = acts;
            int c = config.channels();
            ln1 = Activations.layer(x.ln1, l, x.perLayer(c));
            ln1Mean = Activations.layer(x.ln1Mean, l, x.perLayer(1));
            ln1Rstd = Activations.layer(x.ln1Rstd, l, x.perLayer(1));
            qkv = Activations.layer(x.qkv, l, x.perLayer(config.qkvChannels()));
            atty = Activations.layer(x.atty, l, x.perLayer(config.heads() * config.headSize()));
            att = Activations.layer(x.att, l, x.attPerLayer());
            attproj = Activations.layer(x.attproj, l, x.perLayer(c));
            residual2 = Activations.layer(x.residual2, l, x.perLayer(c));
            ln2 = Activations.layer(x.ln2, l, x.perLayer(c));
            ln2Mean = Activations.layer(x.ln2Mean, l, x.perLayer(1));
            ln2Rstd = Activations.layer(x.ln2Rstd, l, x.perLayer(1));
            fch = Activations.layer(x.fch, l, x.perLayer(config.fcChannels()));
            fchAct = Activations.layer(x.fchAct, l, x.perLayer(config.ffnHidden()));
            fcproj = Activations.layer(x.fcproj, l, x.perLayer(c));
            residual3 = Activations.layer(x.residual3, l, x.perLayer(c));
        }
    }
}
