package ai.enclave.runtime.model;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The forward activations a training step keeps for its backward pass, plus the scratch buffers
 * the backward pass writes activation gradients into (llm.c's ActivationTensors and grads_acts,
 * the latter shrunk to what one layer needs at a time). Sized for at most maxB x maxT tokens; a
 * smaller batch uses the front of each per-layer slot.
 *
 * <p>Legend: B batch, T time, C channels, L layers, NH heads, QKV = (NH+2*NKV)*hs, A = NH*hs,
 * F MLP width, FC = F or 2F, V vocab.
 */
public final class Activations {
    public final int maxB;
    public final int maxT;
    private final ModelConfig config;

    public final MemorySegment tokens; // (B, T) int32
    public final MemorySegment targets; // (B, T) int32, -1 = no loss here
    public final MemorySegment positions; // (B, T) int32, t within the row
    public final MemorySegment encoded; // (B, T, C)
    final MemorySegment ln1; // (L, B, T, C)
    final MemorySegment ln1Mean; // (L, B, T)
    final MemorySegment ln1Rstd; // (L, B, T)
    final MemorySegment qkv; // (L, B, T, QKV), after RoPE
    final MemorySegment atty; // (L, B, T, A)
    final MemorySegment att; // (L, B, NH, T, T) probabilities
    final MemorySegment attproj; // (L, B, T, C)
    final MemorySegment residual2; // (L, B, T, C)
    final MemorySegment ln2; // (L, B, T, C)
    final MemorySegment ln2Mean; // (L, B, T)
    final MemorySegment ln2Rstd; // (L, B, T)
    final MemorySegment fch; // (L, B, T, FC)
    final MemorySegment fchAct; // (L, B, T, F)
    final MemorySegment fcproj; // (L, B, T, C)
    final MemorySegment residual3; // (L, B, T, C)
    final MemorySegment lnf; // (B, T, C)
    final MemorySegment lnfMean; // (B, T)
    final MemorySegment lnfRstd; // (B, T)
    public final MemorySegment logits; // (B, T, V), overwritten by dlogits in backward
    public final MemorySegment losses; // (B, T)
    final MemorySegment logSumExp; // (B, T) of the logits, for the loss backward

    // backward scratch, reused layer after layer
    final MemorySegment dresidual; // (B, T, C)
    final MemorySegment dln; // (B, T, C)
    final MemorySegment datty; // (B, T, A)
    final MemorySegment dqkv; // (B, T, QKV)
    final MemorySegment datt; // (B, NH, T, T)
    final MemorySegment dfch; // (B, T, FC)
    final MemorySegment dfchAct; // (B, T, F)

    public Activations(ModelConfig config, int maxB, int maxT, Arena arena) {
        this.config = config;
        this.maxB = maxB;
        this.maxT = maxT;
        long bt = (long) maxB * maxT;
        int l = config.layers(), c = config.channels(), nh = config.heads();
        long a = (long) nh * config.headSize();
        tokens = alloc(arena, bt);
        targets = alloc(arena, bt);
        positions = alloc(arena, bt);
        encoded = alloc(arena, bt * c);
        ln1 = alloc(arena, l * bt * c);
        ln1Mean = alloc(arena, l * bt);
        ln1Rstd = alloc(arena, l * bt);
        qkv = alloc(arena, l * bt * config.qkvChannels());
        atty = alloc(arena, l * bt * a);
        att = alloc(arena, l * bt * nh * maxT);
        attproj = alloc(arena, l * bt * c);
        residual2 = alloc(arena, l * bt * c);
        ln2 = alloc(arena, l * bt * c);
        ln2Mean = alloc(arena, l * bt);
        ln2Rstd = alloc(arena, l * bt);
        fch = alloc(arena, l * bt * config.fcChannels());
        fchAct = alloc(arena, l * bt * config.ffnHidden());
        fcproj = alloc(arena, l * bt * c);
        residual3 = alloc(arena, l * bt * c);
        lnf = alloc(arena, bt * c);
        lnfMean = alloc(arena, bt);
        lnfRstd = alloc(arena, bt);
        logits = alloc(arena, bt * config.vocabSize());
        losses = alloc(arena, bt);
        logSumExp = alloc(arena, bt);
        dresidual = alloc(arena, bt * c);
        dln = alloc(arena, bt * c);
        datty = alloc(arena, bt * a);
        dqkv = alloc(arena, bt * config.qkvChannels());
        datt = alloc(arena, bt * nh * maxT);
        dfch = alloc(arena, bt * config.fcChannels());
        dfchAct = alloc(arena, bt * config.ffnHidden());
    }

    private static MemorySegment alloc(Arena arena, long floats) {
        return arena.allocate(Math.max(1, floats) * 4, 64);
    }

    /** The slot of layer l in a per-layer buffer whose per-layer size at the maximum batch is perLayerMax floats. */
    static MemorySegment layer(MemorySegment all, int l, long perLayerMax) {
        return all.asSlice(l * perLayerMax * 4, perLayerMax * 4);
    }

    long perLayer(int width) {
        return (long) maxB * maxT * width;
    }

    long attPerLayer() {
        return (long) maxB * maxT * config.heads() * maxT;
    }

    /** Bytes this set of activations takes, for memory checks before allocating. */
    public static long bytesNeeded(ModelConfig config, int maxB, int maxT) {
        long bt = (long) maxB * maxT;
        long c = config.channels(), l = config.layers(), nh = config.heads(), a = nh * config.headSize();
        long perLayer =
                bt * (6 * c + 4 + config.qkvChannels() + a + config.fcChannels() + config.ffnHidden()) + bt * nh * maxT;
        long rest = bt * (3 + 2 * c + 2 + config.vocabSize() + 1)
                + bt * (2 * c + a + config.qkvChannels() + config.fcChannels() + config.ffnHidden())
                + bt * nh * maxT;
        return 4 * (l * perLayer + rest);
    }
}
