package ai.enclave.runtime.train;

/** Hyperparameters of one training run (CLI flags in brackets). */
public record TrainConfig(
        int batchSize, // B [--batch-size], e.g. 8
        int seqLen, // T [--seq-len], e.g. 256
        int gradAccum, // micro-batches per optimizer step [--grad-accum], e.g. 1
        int steps, // optimizer steps in the whole run [--steps]
        float lr, // peak learning rate [--lr], e.g. 3e-4
        float minLr, // floor of the cosine decay [--min-lr], e.g. 3e-5
        int warmupSteps, // linear warmup [--warmup]
        float weightDecay, // [--weight-decay], e.g. 0.1
        float beta1, // [--beta1] 0.9
        float beta2, // [--beta2] 0.95
        float eps, // [--eps] 1e-8
        float gradClip, // global-norm clip, 0 = off [--grad-clip], e.g. 1.0
        long seed, // init and data order [--seed]
        int logEvery, // [--log-every]
        int evalEvery, // steps between eval losses on held-out shards, 0 = never [--eval-every]
        int evalBatches, // batches per eval [--eval-batches]
        int checkpointEvery) { // steps between checkpoints, 0 = only at the end [--checkpoint-every]

    /** Linear warmup to lr, then cosine decay to minLr at the last step. */
    public float learningRate(int step) {
        if (step < warmupSteps) return lr * (step + 1) / warmupSteps;
        if (steps <= warmupSteps) return lr;
        double ratio = Math.min(1.0, (double) (step - warmupSteps) / Math.max(1, steps - warmupSteps - 1));
        return (float) (minLr + 0.5 * (1 + Math.cos(Math.PI * ratio)) * (lr - minLr));
    }
}
