package ai.enclave.runtime.infer;

import static java.lang.foreign.ValueLayout.JAVA_INT;

import ai.enclave.runtime.EngineException;
import ai.enclave.runtime.backend.Backend;
import ai.enclave.runtime.backend.ProductRows;
import ai.enclave.runtime.backend.RopeTable;
import ai.enclave.runtime.model.ModelConfig;
import ai.enclave.runtime.model.ModelConfig.Family;
import ai.enclave.runtime.model.ParameterTensors;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Inference forward with a KV cache: runs new tokens of several sequences at once and returns the
 * logits of each sequence's last new token. A call holds groups of rows; group g is sequence slot
 * slots[g] with rows [groupStart[g], groupStart[g+1]) at positions startPos[g]... consecutively. The
 * same path serves prefill (one group, many rows) and batched decode (many groups, one row each).
 * Not training: nothing is kept for a backward pass, and the weights are packed for inference
 * ({@link ParameterTensors#packForInference}).
 *
 * <p>Legend: R rows in a call (<= maxRows), G groups, C channels, QKV, A = NH*hs, F, FC, V as in Transformer.
 */
public final class Decoder {
    private final ModelConfig config;
    private final Backend backend;
    private final ParameterTensors params;
    public final KvCache cache;
    private final int maxRows;
    private final float[] alibiSlopes;
    private final RopeTable rope; // Llama only
    private final MemorySegment tokens; // (R) int32
    private final MemorySegment positions; // (R) int32
    private final MemorySegment x; // (R, C) residual stream
    private final MemorySegment qkv; // (R, QKV)
    private final MemorySegment atty; // (R, A)
    private final MemorySegment att; // (NH, R, capacity)
    private final MemorySegment proj; // (R, C)
    private final MemorySegment fch; // (R, FC)
    private final MemorySegment last; // (G, C) last rows of the groups
    private final MemorySegment logits; // (G, V)
    // per call of attention(): groups already handled, and the offsets of each (group, head) product
    private final boolean[] placed; // (G)
    private final long[] qOff, kvOff, attOff, yOff; // (G * NH)
    // groups of one row (decode steps): their rows, key counts and cache offsets
    private final int[] decodeRows, decodeLengths; // (G)
    private final long[] decodeKv; // (G)
    // what each product multiplies: the norms and the MLP activation are made by the products themselves
    private final ProductRows[] attentionInput, mlpInput; // (L) norm 1 and norm 2 of x
    private final ProductRows attentionOutput, mlpHidden, lastNormed;

    public Decoder(
            ModelConfig config,
            Backend backend,
            ParameterTensors params,
            int slots,
            int capacity,
            int maxRows,
            Arena arena) {
        if (config.hasPositionEmbeddings() && capacity > config.maxSeqLen()) {
            throw new EngineException(capacity + " tokens exceed the " + config.maxSeqLen()
                    + " positions this GPT-2 style model has learned");
        }
        if (!params.packedForInference())
            throw new IllegalArgumentException("the Decoder needs weights packed by ParameterTensors.packForInference");
        this.config = config;
        this.backend = backend;
        this.params = params;
        this.cache = new KvCache(config, slots, capacity, arena);
        this.maxRows = maxRows;
        this.alibiSlopes = config.alibiSlopes();
        this.rope = config.family() == Family.LLAMA
                ? new RopeTable(config.ropeTheta(), config.headSize(), capacity, arena)
                : null;
        int c = config.channels(), a = config.heads() * config.headSize();
        tokens = arena.allocate(4L * maxRows, 64);
        positions = arena.allocate(4L * maxRows, 64);
        x = arena.allocate(4L * maxRows * c, 64);
        qkv = arena.allocate(4L * maxRows * config.qkvChannels(), 64);
        atty = arena.allocate(4L * maxRows * a, 64);
        att = arena.allocate(4L * config.heads() * maxRows * capacity, 64);
        proj = arena.allocate(4L * maxRows * c, 64);
        fch = arena.allocate(4L * maxRows * config.fcChannels(), 64);
        last = arena.allocate(4L * Math.max(slots, 1) * c, 64);
        logits = arena.allocate(4L * Math.max(slots, 1) * config.vocabSize(), 64);
        int entries = maxRows * config.heads();
        placed = new boolean[maxRows];
        qOff = new long[entries];
        kvOff = new long[entries];
        attOff = new long[entries];
        yOff = new long[entries];
        decodeRows = new int[maxRows];
        decodeLengths = new int[maxRows];
        decodeKv = new long[maxRows];
        attentionInput = new ProductRows[config.layers()];
        mlpInput = new ProductRows[config.layers()];
        for (int l = 0; l < config.layers(); l++) {
            attentionInput[l] = normed(x, params.ln1w(l), params.ln1b(l));
            mlpInput[l] = normed(x, params.ln2w(l), params.ln2b(l));
        }
        attentionOutput = new ProductRows.Given(atty, a);
        mlpHidden = config.family() == Family.LLAMA
                ? new ProductRows.SwiGlu(fch)
                : new ProductRows.Gelu(fch, config.family() == Family.GPT2);
        lastNormed = normed(last, params.lnfw, params.lnfb);
    }

    private ProductRows normed(MemorySegment rows, MemorySegment weight, MemorySegment bias) {
        return config.family() == Family.LLAMA
                ? new ProductRows.RmsNormed(rows, weight, config.normEps())
                : new ProductRows.LayerNormed(rows, weight, bias, config.normEps());
    }

    public int maxRows() {
        return maxRows;
    }

    /** Runs the rows; returns logits (G, V) of each group's last row (valid until the next call). */
    public MemorySegment forward(int[] rowTokens, int[] slots, int[] startPos, int[] groupStart, int groups) {
        int r = groupStart[groups];
        if (r > maxRows) throw new IllegalArgumentException(r + " rows exceed " + maxRows);
        int c = config.channels(),
                qkvC = config.qkvChannels(),
                nh = config.heads(),
                hs = config.headSize(),
                a = nh * hs;
        int nkv = config.kvHeads(), kvw = cache.width;
        int end = 0; // one past the last position of the call
        for (int g = 0; g < groups; g++) {
            end = Math.max(end, startPos[g] + groupStart[g + 1] - groupStart[g]);
            if (startPos[g] + groupStart[g + 1] - groupStart[g] > cache.capacity) {
                throw new EngineException(
                        "sequence needs more than the " + cache.capacity + " positions reserved for it");
            }
            for (int i = groupStart[g]; i < groupStart[g + 1]; i++) {
                if (rowTokens[i] < 0 || rowTokens[i] >= config.vocabSize()) {
                    throw new EngineException("token id " + rowTokens[i] + " is outside the vocabulary (size "
                            + config.vocabSize() + ")");
                }
                tokens.setAtIndex(JAVA_INT, i, rowTokens[i]);
                positions.setAtIndex(JAVA_INT, i, startPos[g] + i - groupStart[g]);
            }
        }
        ParameterTensors p = params;
        if (rope != null) rope.prepare(end);
        backend.embeddingForward(x, tokens, positions, p.wte, p.wpe, r, c);
        for (int l = 0; l < config.layers(); l++) {
            backend.gemmPackedWeights(r, qkvC, c, attentionInput[l], p.qkvw(l), p.qkvb(l), qkv, qkvC, null);
            // groups of one row (decode steps) are rotated and appended to the cache inside attentionDecode
            for (int g = 0; g < groups; g++) {
                int first = groupStart[g], n = groupStart[g + 1] - first;
                if (n == 1) continue;
                if (rope != null) {
                    backend.rope(
                            qkv.asSlice((long) first * qkvC * 4),
                            positions.asSlice((long) first * 4),
                            n,
                            qkvC,
                            nh + nkv,
                            hs,
                            rope,
                            false);
                }
                for (int i = first; i < first + n; i++) {
                    long dst = cache.offset(l, slots[g], startPos[g] + i - first) * 4;
                    MemorySegment.copy(qkv, ((long) i * qkvC + a) * 4, cache.k, dst, (long) kvw * 4);
                    MemorySegment.copy(qkv, ((long) i * qkvC + a + kvw) * 4, cache.v, dst, (long) kvw * 4);
                }
            }
            attention(l, slots, startPos, groupStart, groups);
            // the residual stream x takes each block's output from the product that computes it
            backend.gemmPackedWeights(r, c, a, attentionOutput, p.attprojw(l), p.attprojb(l), proj, c, x);
            int fc = config.fcChannels();
            backend.gemmPackedWeights(r, fc, c, mlpInput[l], p.fcw(l), p.fcb(l), fch, fc, null);
            backend.gemmPackedWeights(r, c, config.ffnHidden(), mlpHidden, p.fcprojw(l), p.fcprojb(l), proj, c, x);
        }
        for (int g = 0; g < groups; g++)
            MemorySegment.copy(x, (long) (groupStart[g + 1] - 1) * c * 4, last, (long) g * c * 4, (long) c * 4);
        int v = config.vocabSize();
        backend.gemmPackedWeights(groups, v, c, lastNormed, p.packedLmHead(), null, logits, v, null);
        return logits;
    }

    /**
     * Attention of every group's rows over its cached keys. Groups of one row (decode steps) go to the
     * backend's fused decode attention together, which also rotates their new row and appends it to the
     * cache. Longer groups with the same row count and start
     * position (prompts of one length) share one batched product per side.
     */
    private void attention(int l, int[] slots, int[] startPos, int[] groupStart, int groups) {
        int qkvC = config.qkvChannels(), nh = config.heads(), hs = config.headSize(), a = nh * hs;
        int group = nh / config.kvHeads(), kvw = cache.width;
        float scale = (float) (1.0 / Math.sqrt(hs));
        int decoding = 0;
        for (int g = 0; g < groups; g++) {
            placed[g] = groupStart[g + 1] - groupStart[g] == 1;
            if (!placed[g]) continue;
            decodeRows[decoding] = groupStart[g];
            decodeLengths[decoding] = startPos[g] + 1;
            decodeKv[decoding++] = cache.offset(l, slots[g], 0);
        }
        if (decoding > 0) {
            backend.attentionDecode(
                    decoding,
                    decodeRows,
                    decodeLengths,
                    qkv,
                    qkvC,
                    cache.k,
                    cache.v,
                    decodeKv,
                    kvw,
                    atty,
                    a,
                    nh,
                    config.kvHeads(),
                    hs,
                    scale,
                    alibiSlopes,
                    rope,
                    att);
        }
        for (int g0 = 0; g0 < groups; g0++) {
            if (placed[g0]) continue;
            int n = groupStart[g0 + 1] - groupStart[g0], p0 = startPos[g0], tk = p0 + n;
            int count = 0;
            for (int g = g0; g < groups; g++) {
                if (placed[g] || groupStart[g + 1] - groupStart[g] != n || startPos[g] != p0) continue;
                placed[g] = true;
                long kvBase = cache.offset(l, slots[g], 0);
                for (int h = 0; h < nh; h++, count++) {
                    qOff[count] = (long) groupStart[g] * qkvC + (long) h * hs;
                    kvOff[count] = kvBase + (long) (h / group) * hs;
                    attOff[count] = (long) count * n * tk;
                    yOff[count] = (long) groupStart[g] * a + (long) h * hs;
                }
            }
            // (count, n, tk) scores; entry count = group-major then head, so block % nh is the head
            backend.gemmBatched(
                    false, true, n, tk, hs, scale, qkv, qOff, qkvC, cache.k, kvOff, kvw, 0f, att, attOff, tk, count);
            backend.causalSoftmaxForward(att, count, n, tk, p0, alibiSlopes, nh);
            backend.gemmBatched(
                    false, false, n, hs, tk, 1f, att, attOff, tk, cache.v, kvOff, kvw, 0f, atty, yOff, a, count);
        }
    }
}
