package ai.enclave.runtime.infer;

import java.util.List;

/** How to pick tokens: temperature 0 = greedy; topK 0 = off; topP 1 = off; repetitionPenalty 1 = off. */
public record SamplingParams(
        int maxTokens,
        float temperature,
        int topK,
        float topP,
        float repetitionPenalty,
        List<int[]> stopSequences,
        int eosToken,
        long seed) {}
