package ai.enclave.runtime.infer;

import ai.enclave.runtime.model.Rng;
import java.util.Arrays;

/**
 * Picks the next token from one row of logits: repetition penalty (the CTRL / Hugging Face rule:
 * seen tokens' positive logits divided by the penalty, negative ones multiplied), then greedy or
 * temperature, top-k and top-p (nucleus) sampling from a seeded generator.
 */
public final class Sampler {
    private final SamplingParams params;
    private final Rng rng;

    public Sampler(SamplingParams params) {
        this.params = params;
        this.rng = new Rng(params.seed());
    }

    public int next(float[] logits, int[] history, int historyLength) {
        if (params.repetitionPenalty() != 1f) {
            boolean[] seen = new boolean[logits.length];
            for (int i = 0; i < historyLength; i++) seen[history[i]] = true;
            for (int i = 0; i < logits.length; i++) {
                if (seen[i])
                    logits[i] = logits[i] > 0
                            ? logits[i] / params.repetitionPenalty()
                            : logits[i] * params.repetitionPenalty();
            }
        }
        if (params.temperature() <= 0f) return argmax(logits);
        int v = logits.length;
        Integer[] idx = new Integer[v];
        for (int i = 0; i < v; i++) idx[i] = i;
        Arrays.sort(idx, (a, b) -> Float.compare(logits[b], logits[a]));
        int k = params.topK() > 0 ? Math.min(params.topK(), v) : v;
        double max = logits[idx[0]];
        double[] probs = new double[k];
        double sum = 0;
        for (int i = 0; i < k; i++) {
            probs[i] = Math.exp((logits[idx[i]] - max) / params.temperature());
            sum += probs[i];
        }
        // nucleus: keep the smallest prefix whose mass reaches topP
        int keep = k;
        double cumulative = 0;
        for (int i = 0; i < k; i++) {
            cumulative += probs[i] / sum;
            if (cumulative >= params.topP()) {
                keep = i + 1;
                break;
            }
        }
        double kept = 0;
        for (int i = 0; i < keep; i++) kept += probs[i];
        double u = rng.nextFloat() * kept;
        for (int i = 0; i < keep; i++) {
            u -= probs[i];
            if (u <= 0) return idx[i];
        }
        return idx[keep - 1];
    }

    static int argmax(float[] logits) {
        int best = 0;
        for (int i = 1; i < logits.length; i++) if (logits[i] > logits[best]) best = i;
        return best;
    }
}
