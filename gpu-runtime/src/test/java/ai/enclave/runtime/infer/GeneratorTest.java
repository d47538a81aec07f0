package ai.enclave.runtime.infer;

import static org.assertj.core.api.Assertions.assertThat;

import ai.enclave.runtime.backend.Backend;
import ai.enclave.runtime.backend.CpuBackend;
import ai.enclave.runtime.io.ModelFiles;
import ai.enclave.runtime.model.ModelConfig;
import ai.enclave.runtime.model.ParameterTensors;
import ai.enclave.runtime.model.Rng;
import java.lang.foreign.Arena;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Batched generation on the golden models: prompts of different lengths decoded together must give
 * what each gives alone, and each sequence must stop on its own condition while the others go on.
 */
class GeneratorTest {
    private final Arena arena = Arena.ofShared();
    private final Backend be = new CpuBackend(2);

    @AfterEach
    void close() {
        arena.close();
    }

    private Generator generator(String family) {
        Path dir = Path.of("src/test/resources/golden", family);
        ModelConfig config = ModelFiles.readConfig(dir);
        ParameterTensors params = new ParameterTensors(config, arena);
        ModelFiles.loadWeights(dir, params);
        params.packForInference(be, arena);
        return new Generator(config, be, params);
    }

    private static SamplingParams greedy(int maxTokens, List<int[]> stops, int eos) {
        return new SamplingParams(maxTokens, 0f, 0, 1f, 1f, stops, eos, 0);
    }

    private static List<int[]> prompts(long seed, int... lengths) {
        Rng rng = new Rng(seed);
        List<int[]> out = new ArrayList<>();
        for (int len : lengths) {
            int[] p = new int[len];
            for (int i = 0; i < len; i++) p[i] = rng.nextInt(64);
            out.add(p);
        }
        return out;
    }

    private static List<int[]> alone(Generator g, List<int[]> prompts, SamplingParams sp) {
        List<int[]> out = new ArrayList<>();
        for (int[] p : prompts) out.add(g.generate(List.of(p), sp, (s, t) -> {}).get(0));
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"gpt2", "llama", "mpt"})
    void prompts_of_one_length_decoding_in_step_equal_generating_each_alone(String family) {
        // sequences at the same position share the batched attention products of a step
        Generator g = generator(family);
        List<int[]> prompts = prompts(2, 4, 4, 4);
        SamplingParams sp = greedy(8, List.of(), -1);
        List<int[]> batched = g.generate(prompts, sp, (s, t) -> {});
        List<int[]> single = alone(g, prompts, sp);
        for (int i = 0; i < prompts.size(); i++)
            assertThat(batched.get(i)).as("sequence %d", i).containsExactly(single.get(i));
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"gpt2", "llama", "mpt"})
    void batched_greedy_generation_of_prompts_of_different_lengths_equals_generating_each_alone(String family) {
        Generator g = generator(family);
        List<int[]> prompts = prompts(1, 3, 7, 1, 5);
        SamplingParams sp = greedy(8, List.of(), -1);
        List<int[]> streamed = new ArrayList<>();
        for (int i = 0; i < prompts.size(); i++) streamed.add(new int[0]);
        List<int[]> batched = g.generate(prompts, sp, (s, t) -> {
            int[] prev = streamed.get(s);
            int[] next = Arrays.copyOf(prev, prev.length + 1);
            next[prev.length] = t;
            streamed.set(s, next);
        });
        List<int[]> single = alone(g, prompts, sp);
        for (int i = 0; i < prompts.size(); i++) {
            assertThat(batched.get(i)).as("sequence %d", i).containsExactly(single.get(i));
            assertThat(streamed.get(i)).as("streamed sequence %d", i).containsExactly(single.get(i));
            assertThat(batched.get(i)).hasSize(8);
        }
    }

    /** Why a greedy sequence stops, found by replaying its unstopped output against the conditions. */
    private static String stopReason(int[] prompt, int[] unstopped, int max, int eos, int[] stop) {
        int[] history = Arrays.copyOf(prompt, prompt.length + unstopped.length);
        System.arraycopy(unstopped, 0, history, prompt.length, unstopped.length);
        for (int i = 0; i < unstopped.length; i++) {
            if (unstopped[i] == eos) return "eos@" + (i + 1);
            int end = prompt.length + i + 1;
            if (end >= stop.length && Arrays.equals(Arrays.copyOfRange(history, end - stop.length, end), stop))
                return "stop@" + (i + 1);
            if (i + 1 == max) return "max@" + max;
        }
        return "none";
    }

    @Test
    void each_sequence_of_a_batch_stops_on_its_own_at_eos_a_stop_sequence_or_max_tokens() {
        Generator g = generator("llama");
        int max = 12;
        // search prompts and conditions for a batch where the three sequences stop for three different reasons
        for (long seed = 1; seed < 40; seed++) {
            List<int[]> prompts = prompts(seed, 4, 2, 6);
            List<int[]> free = alone(g, prompts, greedy(max, List.of(), -1));
            for (int eosAt = 1; eosAt < 6; eosAt++) {
                int eos = free.get(0)[eosAt];
                for (int stopAt = 2; stopAt < 8; stopAt++) {
                    int[] stop = Arrays.copyOfRange(free.get(1), stopAt - 1, stopAt + 1);
                    String r0 = stopReason(prompts.get(0), free.get(0), max, eos, stop);
                    String r1 = stopReason(prompts.get(1), free.get(1), max, eos, stop);
                    String r2 = stopReason(prompts.get(2), free.get(2), max, eos, stop);
                    if (!r0.startsWith("eos") || !r1.startsWith("stop") || !r2.startsWith("max")) continue;
                    SamplingParams sp = greedy(max, List.of(stop), eos);
                    List<int[]> batched = g.generate(prompts, sp, (s, t) -> {});
                    List<int[]> single = alone(g, prompts, sp);
                    String[] reasons = {r0, r1, r2};
                    for (int i = 0; i < 3; i++) {
                        int len = Integer.parseInt(reasons[i].substring(reasons[i].indexOf('@') + 1));
                        assertThat(batched.get(i))
                                .as("sequence %d (%s)", i, reasons[i])
                                .hasSize(len);
                        assertThat(batched.get(i)).containsExactly(Arrays.copyOf(free.get(i), len));
                        assertThat(batched.get(i)).containsExactly(single.get(i));
                    }
                    assertThat(batched.get(0)).endsWith(eos);
                    assertThat(batched.get(1)).endsWith(stop);
                    return;
                }
            }
        }
        throw new AssertionError("no batch found where the sequences stop for three different reasons");
    }

    @Test
    void sampled_generation_with_a_seed_is_reproducible() {
        Generator g = generator("mpt");
        List<int[]> prompts = prompts(5, 3, 6);
        SamplingParams sp = new SamplingParams(10, 1.2f, 20, 0.95f, 1.1f, List.of(), -1, 77);
        List<int[]> first = g.generate(prompts, sp, (s, t) -> {});
        List<int[]> second = g.generate(prompts, sp, (s, t) -> {});
        List<int[]> other =
                g.generate(prompts, new SamplingParams(10, 1.2f, 20, 0.95f, 1.1f, List.of(), -1, 78), (s, t) -> {});
        for (int i = 0; i < 2; i++) assertThat(first.get(i)).containsExactly(second.get(i));
        assertThat(Arrays.equals(first.get(0), other.get(0)) && Arrays.equals(first.get(1), other.get(1)))
                .as("another seed gives another sample")
                .isFalse();
    }
}
