/*
 * What the "new training run" form asks for: a name, where to start (a size preset from scratch, or
 * an existing model version to continue), the data to read (one snapshot or one mix), and the few
 * numbers a person chooses. The rest of the training settings get defaults from TrainingRuns. Checked by
 * TrainingRuns.launch, which refuses with a message rather than throwing from here.
 */
package ai.enclave.training.domain;

/**
 * @param preset the size to train from scratch, or {@code null} when continuing baseModelId
 * @param baseModelId the model version to continue, or {@code null} when training from scratch
 * @param snapshotId the snapshot to read, or {@code null} when reading mixId
 * @param mixId the data mix to read, or {@code null} when reading snapshotId
 */
public record TrainingRequest(
        String name,
        ModelPreset preset,
        Long baseModelId,
        Long snapshotId,
        Long mixId,
        int seqLen,
        int steps,
        int batchSize,
        double learningRate) {

    /** A run over one snapshot. */
    public TrainingRequest(
            String name,
            ModelPreset preset,
            Long baseModelId,
            long snapshotId,
            int seqLen,
            int steps,
            int batchSize,
            double learningRate) {
        this(name, preset, baseModelId, snapshotId, null, seqLen, steps, batchSize, learningRate);
    }

    /** The tokens one run reads: steps x batch x context. */
    public long tokenBudget() {
        return (long) steps * batchSize * seqLen;
    }
}
