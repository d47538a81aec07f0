package ai.enclave.runtime.model;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import ai.enclave.runtime.backend.Backend;
import ai.enclave.runtime.model.ModelConfig.Family;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Every parameter of a model in one off-heap float buffer, with a named view per tensor (llm.c's
 * ParameterTensors). The same layout holds the weights and, in a second instance, their gradients,
 * so the optimizer walks both with one index. Layouts are internal: linear weights are (out, in);
 * Llama's q|k|v and gate|up are fused; the Hugging Face names live in {@code HfLayout}.
 *
 * <p>Legend: V vocab, C channels, L layers, QKV = (NH+2*NKV)*hs, A = NH*hs, F MLP width, FC = F or 2F.
 */
public final class ParameterTensors {

    /** One tensor of the layout: where it starts in the flat buffer, its shape and whether AdamW decays it. */
    public record Tensor(String name, long offset, long count, int[] shape, boolean decay) {}

    public final ModelConfig config;
    public final MemorySegment memory; // all parameters
    public final long count;
    public final List<Tensor> tensors;

    public final MemorySegment wte; // (V, C)
    public final MemorySegment wpe; // (maxT, C), GPT-2 only, else null
    private final MemorySegment ln1w; // (L, C)
    private final MemorySegment ln1b; // (L, C), GPT-2 only
    private final MemorySegment qkvw; // (L, QKV, C)
    private final MemorySegment qkvb; // (L, QKV), GPT-2 only
    private final MemorySegment attprojw; // (L, C, A)
    private final MemorySegment attprojb; // (L, C), GPT-2 only
    private final MemorySegment ln2w; // (L, C)
    private final MemorySegment ln2b; // (L, C), GPT-2 only
    private final MemorySegment fcw; // (L, FC, C)
    private final MemorySegment fcb; // (L, FC), GPT-2 only
    private final MemorySegment fcprojw; // (L, C, F)
    private final MemorySegment fcprojb; // (L, C), GPT-2 only
    public final MemorySegment lnfw; // (C)
    public final MemorySegment lnfb; // (C), GPT-2 and MPT-with-bias only
    public final MemorySegment lmHead; // (V, C), the same memory as wte when tied
    private MemorySegment packedLmHead; // lmHead in the backend's inference layout, after packForInference

    public ParameterTensors(ModelConfig config, Arena arena) {
        this.config = config;
        int v = config.vocabSize(), c = config.channels(), l = config.layers();
        int qkv = config.qkvChannels(),
                a = config.heads() * config.headSize(),
                f = config.ffnHidden(),
                fc = config.fcChannels();
        boolean bias = config.hasBiases();
        boolean lnBias = config.family() == Family.GPT2;
        List<Tensor> list = new ArrayList<>();
        long[] cursor = {0};
        // the order is the flat layout; decay: matrices and embeddings, never norms or biases
        Adder add = (name, decay, shape) -> {
            long n = 1;
            for (int d : shape) n *= d;
            list.add(new Tensor(name, cursor[0], n, shape, decay));
            cursor[0] += n;
        };
        add.add("wte", true, v, c);
        if (config.hasPositionEmbeddings()) add.add("wpe", true, config.maxSeqLen(), c);
        add.add("ln1w", false, l, c);
        if (lnBias) add.add("ln1b", false, l, c);
        add.add("qkvw", true, l, qkv, c);
        if (bias) add.add("qkvb", false, l, qkv);
        add.add("attprojw", true, l, c, a);
        if (bias) add.add("attprojb", false, l, c);
        add.add("ln2w", false, l, c);
        if (lnBias) add.add("ln2b", false, l, c);
        add.add("fcw", true, l, fc, c);
        if (bias) add.add("fcb", false, l, fc);
        add.add("fcprojw", true, l, c, f);
        if (bias) add.add("fcprojb", false, l, c);
        add.add("lnfw", false, c);
        if (lnBias) add.add("lnfb", false, c);
        if (!config.tiedEmbeddings()) add.add("lm_head", true, v, c);
        this.tensors = Collections.unmodifiableList(list);
        this.count = cursor[0];
        this.memory = arena.allocate(count * 4, 64);
        this.wte = view("wte");
        this.wpe = view("wpe");
        this.ln1w = view("ln1w");
        this.ln1b = view("ln1b");
        this.qkvw = view("qkvw");
        this.qkvb = view("qkvb");
        this.attprojw = view("attprojw");
        this.attprojb = view("attprojb");
        this.ln2w = view("ln2w");
        this.ln2b = view("ln2b");
        this.fcw = view("fcw");
        this.fcb = view("fcb");
        this.fcprojw = view("fcprojw");
        this.fcprojb = view("fcprojb");
        this.lnfw = view("lnfw");
        this.lnfb = view("lnfb");
        this.lmHead = config.tiedEmbeddings() ? wte : view("lm_head");
    }

    @FunctionalInterface
    private interface Adder {
        void add(String name, boolean decay, int... shape);
    }

    public Tensor tensor(String name) {
        for (Tensor t : tensors) if (t.name().equals(name)) return t;
        return null;
    }

    /** The whole tensor by internal name, or null when this family has none. */
    public MemorySegment view(String name) {
        Tensor t = tensor(name);
        return t == null ? null : memory.asSlice(t.offset() * 4, t.count() * 4);
    }

    private static MemorySegment layer(MemorySegment all, int l, long perLayer) {
        return all == null ? null : all.asSlice(l * perLayer * 4, perLayer * 4);
    }

    public MemorySegment ln1w(int l) {
        return layer(ln1w, l, config.channels());
    }

    public MemorySegment ln1b(int l) {
        return layer(ln1b, l, config.channels());
    }

    public MemorySegment qkvw(int l) {
        return layer(qkvw, l, (long) config.qkvChannels() * config.channels());
    }

    public MemorySegment qkvb(int l) {
        return layer(qkvb, l, config.qkvChannels());
    }

    public MemorySegment attprojw(int l) {
        return layer(attprojw, l, (long) config.channels() * config.heads() * config.headSize());
    }

    public MemorySegment attprojb(int l) {
        return layer(attprojb, l, config.channels());
    }

    public MemorySegment ln2w(int l) {
        return layer(ln2w, l, config.channels());
    }

    public MemorySegment ln2b(int l) {
        return layer(ln2b, l, config.channels());
    }

    public MemorySegment fcw(int l) {
        return layer(fcw, l, (long) config.fcChannels() * config.channels());
    }

    public MemorySegment fcb(int l) {
        return layer(fcb, l, config.fcChannels());
    }

    public MemorySegment fcprojw(int l) {
        return layer(fcprojw, l, (long) config.channels() * config.ffnHidden());
    }

    public MemorySegment fcprojb(int l) {
        return layer(fcprojb, l, config.channels());
    }

    /**
     * Packs the matrices inference multiplies by (each layer's four and the LM head) into the backend's
     * layout for {@link Backend#gemmPackedWeights}, in place, so a deployed model costs no second copy.
     * From here on these parameters serve inference only: a {@link Transformer} or a save refuses them.
     * A tied LM head is packed as a copy, because the embedding lookup still reads wte by rows.
     */
    public void packForInference(Backend backend, Arena arena) {
        if (packedLmHead != null) return;
        int c = config.channels(), a = config.heads() * config.headSize();
        for (int l = 0; l < config.layers(); l++) {
            backend.packWeights(qkvw(l), config.qkvChannels(), c);
            backend.packWeights(attprojw(l), c, a);
            backend.packWeights(fcw(l), config.fcChannels(), c);
            backend.packWeights(fcprojw(l), c, config.ffnHidden());
        }
        MemorySegment head = lmHead;
        if (config.tiedEmbeddings())
            head = arena.allocate(lmHead.byteSize(), 64).copyFrom(lmHead);
        backend.packWeights(head, config.vocabSize(), c);
        packedLmHead = head;
    }

    public boolean packedForInference() {
        return packedLmHead != null;
    }

    /** The LM head as {@link #packForInference} left it. */
    public MemorySegment packedLmHead() {
        if (packedLmHead == null) throw new IllegalStateException("the weights are not packed for inference");
        return packedLmHead;
    }

    /** Throws unless the matrices are in their row-major training layout, naming what needed it. */
    public void requireTrainingLayout(String use) {
        if (packedLmHead != null)
            throw new IllegalStateException(
                    "the weights are packed for inference and cannot be used for " + use + "; load them again");
    }

    public void zero() {
        memory.fill((byte) 0);
    }

    /**
     * GPT-2 style init: matrices and embeddings N(0, 0.02), the two residual projections scaled by
     * 1/sqrt(2L), norm weights 1, everything else 0.
     */
    public void randomInit(long seed) {
        Rng rng = new Rng(seed);
        zero();
        float residualStd = (float) (0.02 / Math.sqrt(2.0 * config.layers()));
        for (Tensor t : tensors) {
            boolean norm = t.name().startsWith("ln") && t.name().endsWith("w");
            boolean matrix = t.decay();
            float std = t.name().equals("attprojw") || t.name().equals("fcprojw") ? residualStd : 0.02f;
            for (long i = 0; i < t.count(); i++) {
                float value = norm ? 1f : matrix ? (float) (rng.nextGaussian() * std) : 0f;
                memory.setAtIndex(JAVA_FLOAT, t.offset() + i, value);
            }
        }
    }
}
