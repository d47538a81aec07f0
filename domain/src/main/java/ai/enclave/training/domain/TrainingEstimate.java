/*
 * What a run will cost, shown before launch and kept with the run: parameters, tokens seen, FLOPs,
 * seconds on the detected device, money at the configured price per device-hour, and the memory it
 * needs. Computed by TrainingRuns.estimate; stored as JSON in training_runs.estimate.
 */
package ai.enclave.training.domain;

import ai.enclave.common.Json;
import com.fasterxml.jackson.databind.node.ObjectNode;

public record TrainingEstimate(
        long parameters, long tokens, double flops, double seconds, double cost, long memoryBytes) {

    /** fp32 weights, gradients and AdamW's two moments: four floats per parameter. */
    public static final int TRAINING_BYTES_PER_PARAMETER = 16;

    /**
     * The estimate for {@code steps} optimizer steps of {@code batchSize} sequences of {@code seqLen}
     * tokens on a device doing {@code deviceFlopsPerSecond}, at {@code pricePerDeviceHour}.
     */
    public static TrainingEstimate of(
            ModelShape shape,
            int steps,
            int batchSize,
            int seqLen,
            double deviceFlopsPerSecond,
            double pricePerDeviceHour) {
        if (!(deviceFlopsPerSecond > 0)) {
            throw new IllegalArgumentException("device FLOP/s must be positive, got " + deviceFlopsPerSecond);
        }
        long parameters = shape.parameters();
        long tokens = (long) steps * batchSize * seqLen;
        // The standard dense-transformer estimate (Kaplan et al. 2020): 2N FLOPs per token forward,
        // 4N backward. Attention's T^2 term is ignored; it is small next to 6N while T << 12 x d_model.
        double flops = 6.0 * parameters * tokens;
        double seconds = flops / deviceFlopsPerSecond;
        double cost = seconds / 3600 * pricePerDeviceHour;
        long memoryBytes = parameters * TRAINING_BYTES_PER_PARAMETER + shape.activationBytes(batchSize, seqLen);
        return new TrainingEstimate(parameters, tokens, flops, seconds, cost, memoryBytes);
    }

    public String toJson() {
        ObjectNode n = Json.MAPPER.createObjectNode();
        n.put("parameters", parameters).put("tokens", tokens).put("flops", flops);
        n.put("seconds", seconds).put("cost", cost).put("memoryBytes", memoryBytes);
        return Json.text(n);
    }

    public static TrainingEstimate fromJson(String json) {
        ObjectNode n = Json.object(json, "estimate");
        return new TrainingEstimate(
                n.path("parameters").asLong(),
                n.path("tokens").asLong(),
                n.path("flops").asDouble(),
                n.path("seconds").asDouble(),
                n.path("cost").asDouble(),
                n.path("memoryBytes").asLong());
    }
}
