/*
 * What the "new training run" form asks for: a name, where to start (a size preset from scratch, or
 * an existing model version to continue), the snapshot to read, and the few numbers a person
 * chooses. The rest of the training settings get defaults from TrainingRuns. Checked by
 * TrainingRuns.launch, which refuses with a message rather than throwing from here.
 */
package ai.enclave.training.domain;

/**
 * @param preset the size to train from scratch, or {@code null} when continuing baseModelId
 * @param baseModelId the model version to continue, or {@code null} when training from scratch
 */
public record TrainingRequest(
        String name,
        ModelPreset preset,
        Long baseModelId,
        long snapshotId,
        int seqLen,
        int steps,
        int batchSize,
        double learningRate) {}
