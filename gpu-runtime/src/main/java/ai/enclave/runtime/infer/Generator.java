package ai.enclave.runtime.infer;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import ai.enclave.runtime.EngineException;
import ai.enclave.runtime.backend.Backend;
import ai.enclave.runtime.model.ModelConfig;
import ai.enclave.runtime.model.ParameterTensors;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/**
 * Generates continuations of several prompts together: each prompt is prefilled into its own KV
 * cache slot, then all unfinished sequences decode one token per step in one batch; a sequence stops
 * on its own at max tokens, the end-of-sequence token or a stop sequence. The parameters must be
 * packed for inference ({@link ParameterTensors#packForInference}) with the same backend.
 */
public final class Generator {
    public interface TokenListener {
        void onToken(int sequence, int token);
    }

    private static final int PREFILL_CHUNK = 256;

    private final ModelConfig config;
    private final Backend backend;
    private final ParameterTensors params;

    public Generator(ModelConfig config, Backend backend, ParameterTensors params) {
        this.config = config;
        this.backend = backend;
        this.params = params;
    }

    public List<int[]> generate(List<int[]> prompts, SamplingParams sp, TokenListener listener) {
        int n = prompts.size();
        long longest = 0;
        for (int[] p : prompts) longest = Math.max(longest, (long) p.length + sp.maxTokens());
        if (longest > Integer.MAX_VALUE)
            throw new EngineException(
                    "prompt plus --max-tokens " + sp.maxTokens() + " exceeds " + Integer.MAX_VALUE + " positions");
        int capacity = (int) longest;
        try (Arena arena = Arena.ofShared()) {
            Decoder decoder = new Decoder(config, backend, params, n, capacity, Math.max(PREFILL_CHUNK, n), arena);
            Sampler sampler = new Sampler(sp);
            int[][] history = new int[n][capacity];
            int[] length = new int[n];
            int[] next = new int[n];
            List<List<Integer>> outputs = new ArrayList<>();
            float[] row = new float[config.vocabSize()];
            for (int s = 0; s < n; s++) {
                int[] prompt = prompts.get(s);
                if (prompt.length == 0) throw new EngineException("prompt " + s + " is empty");
                System.arraycopy(prompt, 0, history[s], 0, prompt.length);
                length[s] = prompt.length;
                MemorySegment logits = null;
                for (int from = 0; from < prompt.length; from += PREFILL_CHUNK) {
                    int count = Math.min(PREFILL_CHUNK, prompt.length - from);
                    int[] chunk = java.util.Arrays.copyOfRange(prompt, from, from + count);
                    logits = decoder.forward(chunk, new int[] {s}, new int[] {from}, new int[] {0, count}, 1);
                }
                MemorySegment.copy(logits, JAVA_FLOAT, 0, row, 0, row.length);
                next[s] = sampler.next(row, history[s], length[s]);
                outputs.add(new ArrayList<>());
            }
            boolean[] done = new boolean[n];
            int[] slots = new int[n], starts = new int[n], groupStart = new int[n + 1], tokens = new int[n];
            while (true) {
                int active = 0;
                for (int s = 0; s < n; s++) {
                    if (done[s]) continue;
                    int tok = next[s];
                    outputs.get(s).add(tok);
                    history[s][length[s]++] = tok;
                    listener.onToken(s, tok);
                    if (tok == sp.eosToken()
                            || outputs.get(s).size() >= sp.maxTokens()
                            || endsWithStop(history[s], length[s], sp)) {
                        done[s] = true;
                        continue;
                    }
                    slots[active] = s;
                    starts[active] = length[s] - 1;
                    tokens[active] = tok;
                    groupStart[active + 1] = active + 1;
                    active++;
                }
                if (active == 0) break;
                MemorySegment logits = decoder.forward(tokens, slots, starts, groupStart, active);
                for (int g = 0; g < active; g++) {
                    MemorySegment.copy(logits, JAVA_FLOAT, (long) g * row.length * 4, row, 0, row.length);
                    next[slots[g]] = sampler.next(row, history[slots[g]], length[slots[g]]);
                }
            }
            List<int[]> result = new ArrayList<>();
            for (List<Integer> o : outputs)
                result.add(o.stream().mapToInt(Integer::intValue).toArray());
            return result;
        }
    }

    private static boolean endsWithStop(int[] history, int length, SamplingParams sp) {
        for (int[] stop : sp.stopSequences()) {
            if (stop.length == 0 || stop.length > length) continue;
            boolean match = true;
            for (int i = 0; i < stop.length && match; i++) match = history[length - stop.length + i] == stop[i];
            if (match) return true;
        }
        return false;
    }
}
