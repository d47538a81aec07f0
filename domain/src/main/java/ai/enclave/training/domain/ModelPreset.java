/*
 * The model sizes a run from scratch can start with, MPT style (ALiBi, no position embeddings). TINY
 * trains in CI in seconds on a CPU; SMALL is a few minutes' demo on a laptop; BASE is a GPT-2-small
 * sized model for real hardware. The vocabulary comes from the snapshot's tokenizer and the context
 * from the run, so a preset fixes only the width, depth and heads and the longest context allowed.
 */
package ai.enclave.training.domain;

public enum ModelPreset {
    TINY(64, 4, 2, 512),
    SMALL(384, 6, 6, 1024),
    BASE(768, 12, 12, 2048);

    /** MPT's default MLP width: F = 4 x d_model. */
    private static final int EXPANSION_RATIO = 4;

    private final int dModel;
    private final int nHeads;
    private final int nLayers;
    private final int maxSeqLen;

    ModelPreset(int dModel, int nHeads, int nLayers, int maxSeqLen) {
        this.dModel = dModel;
        this.nHeads = nHeads;
        this.nLayers = nLayers;
        this.maxSeqLen = maxSeqLen;
    }

    public int dModel() {
        return dModel;
    }

    public int nHeads() {
        return nHeads;
    }

    public int nLayers() {
        return nLayers;
    }

    /** The longest training context this preset accepts. */
    public int maxSeqLen() {
        return maxSeqLen;
    }

    /** @throws IllegalArgumentException when seqLen is not in 1..maxSeqLen() */
    public ModelShape shape(int vocabSize, int seqLen) {
        if (seqLen <= 0 || seqLen > maxSeqLen) {
            throw new IllegalArgumentException(
                    "the " + this + " preset takes a context of 1 to " + maxSeqLen + " tokens, not " + seqLen);
        }
        return new ModelShape(vocabSize, dModel, nHeads, nLayers, EXPANSION_RATIO, seqLen);
    }

    /** The config.json text of this preset with the tokenizer's vocabulary and the run's context. */
    public String configJson(int vocabSize, int seqLen) {
        return shape(vocabSize, seqLen).configJson();
    }

    /** The parameter count with a vocabulary of {@code vocabSize}. */
    public long parameters(int vocabSize) {
        return shape(vocabSize, 1).parameters();
    }
}
