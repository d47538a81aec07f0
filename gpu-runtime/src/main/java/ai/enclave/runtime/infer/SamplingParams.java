package ai.enclave.runtime.infer;

import ai.enclave.runtime.EngineException;
import java.util.List;

/** How to pick tokens: temperature 0 = greedy; topK 0 = off; topP 1 = off; repetitionPenalty 1 = off. */
public record SamplingParams(
        int maxTokens, // new tokens per sequence, e.g. 64
        float temperature, // e.g. 0.8
        int topK, // e.g. 40
        float topP, // e.g. 0.95
        float repetitionPenalty, // e.g. 1.1
        List<int[]> stopSequences,
        int eosToken, // -1 = none
        long seed) {

    public SamplingParams {
        if (maxTokens < 1) throw new EngineException("--max-tokens must be at least 1, got " + maxTokens);
        if (!(temperature >= 0)) throw new EngineException("--temperature must be 0 or more, got " + temperature);
        if (topK < 0) throw new EngineException("--top-k must be 0 (off) or more, got " + topK);
        if (!(topP > 0 && topP <= 1)) throw new EngineException("--top-p must be in (0, 1], got " + topP);
        if (!(repetitionPenalty > 0))
            throw new EngineException("--repetition-penalty must be above 0, got " + repetitionPenalty);
    }
}
