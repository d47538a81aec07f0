package ai.enclave.runtime.infer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Each sampling knob on crafted logits, where the right answer is known in closed form. */
class SamplerTest {
    private static final float[] LOGITS = {1f, 3f, 2f, 0f, -1f}; // order by probability: 1, 2, 0, 3, 4

    private static SamplingParams params(float temperature, int topK, float topP, float penalty, long seed) {
        return new SamplingParams(16, temperature, topK, topP, penalty, List.of(), -1, seed);
    }

    private static int[] counts(SamplingParams p, int draws) {
        Sampler s = new Sampler(p);
        int[] counts = new int[LOGITS.length];
        for (int i = 0; i < draws; i++) counts[s.next(LOGITS.clone(), new int[0], 0)]++;
        return counts;
    }

    @Test
    void temperature_zero_is_greedy() {
        assertThat(counts(params(0f, 0, 1f, 1f, 1), 50)).containsExactly(0, 50, 0, 0, 0);
    }

    @Test
    void sampling_follows_the_softmax_of_logits_over_temperature() {
        for (float temperature : new float[] {1f, 2f}) {
            int draws = 40_000;
            int[] counts = counts(params(temperature, 0, 1f, 1f, 7), draws);
            double z = 0;
            for (float l : LOGITS) z += Math.exp(l / temperature);
            for (int i = 0; i < LOGITS.length; i++) {
                double p = Math.exp(LOGITS[i] / temperature) / z;
                assertThat((double) counts[i] / draws)
                        .as("token %d at temperature %s", i, temperature)
                        .isCloseTo(p, org.assertj.core.data.Offset.offset(4 * Math.sqrt(p * (1 - p) / draws) + 1e-3));
            }
        }
    }

    @Test
    void top_k_keeps_only_the_k_most_likely_tokens() {
        int[] counts = counts(params(5f, 2, 1f, 1f, 3), 2000);
        assertThat(counts[0] + counts[3] + counts[4]).isZero();
        assertThat(counts[1]).isPositive();
        assertThat(counts[2]).isPositive();
    }

    @Test
    void top_p_keeps_the_smallest_set_of_tokens_whose_mass_reaches_p() {
        // softmax of LOGITS: 0.6364, 0.2341, 0.0861, 0.0317, 0.0117 (tokens 1, 2, 0, 3, 4)
        int[] counts = counts(params(1f, 0, 0.8f, 1f, 3), 4000);
        assertThat(counts[0] + counts[3] + counts[4]).isZero();
        double share = counts[1] / 4000.0;
        assertThat(share).isCloseTo(0.6364 / (0.6364 + 0.2341), org.assertj.core.data.Offset.offset(0.03));
        int[] narrow = counts(params(1f, 0, 0.5f, 1f, 3), 500);
        assertThat(narrow).containsExactly(0, 500, 0, 0, 0);
    }

    @Test
    void repetition_penalty_divides_positive_and_multiplies_negative_logits_of_seen_tokens() {
        Sampler greedy = new Sampler(params(0f, 0, 1f, 2f, 1));
        float[] logits = LOGITS.clone();
        // token 1 (3.0) has been seen: 3.0 / 2 = 1.5 < 2.0, so token 2 wins
        assertThat(greedy.next(logits, new int[] {1, 4}, 2)).isEqualTo(2);
        assertThat(logits[1]).isEqualTo(1.5f);
        assertThat(logits[4]).isEqualTo(-2f);
        assertThat(logits[2]).isEqualTo(2f);
    }

    @Test
    void a_seed_makes_sampling_reproducible_and_another_seed_changes_it() {
        int[] a = draws(42), b = draws(42), c = draws(43);
        assertThat(a).containsExactly(b);
        assertThat(a).isNotEqualTo(c);
    }

    private static int[] draws(long seed) {
        Sampler s = new Sampler(params(3f, 0, 1f, 1f, seed));
        int[] out = new int[64];
        for (int i = 0; i < out.length; i++) out[i] = s.next(LOGITS.clone(), new int[0], 0);
        return out;
    }
}
