/*
 * The estimate's arithmetic on round numbers: tokens, 6 x N x D FLOPs, seconds, cost and memory.
 */
package ai.enclave.training.domain;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class TrainingEstimateTest {

    private static final ModelShape TINY_2048 = ModelPreset.TINY.shape(2048, 64);

    @Test
    void tokens_are_steps_times_batch_times_context() {
        TrainingEstimate e = TrainingEstimate.of(TINY_2048, 40, 4, 64, 1e9, 0);

        assertThat(e.tokens()).isEqualTo(40 * 4 * 64);
    }

    @Test
    void flops_seconds_and_cost_follow_six_n_d() {
        long n = TINY_2048.parameters();

        TrainingEstimate e = TrainingEstimate.of(TINY_2048, 100, 8, 64, 2e9, 3.6);

        double flops = 6.0 * n * 100 * 8 * 64;
        assertThat(e.parameters()).isEqualTo(n);
        assertThat(e.flops()).isEqualTo(flops);
        assertThat(e.seconds()).isCloseTo(flops / 2e9, within(1e-9));
        // 3.6 per hour is 0.001 per second
        assertThat(e.cost()).isCloseTo(flops / 2e9 * 0.001, within(1e-12));
    }

    @Test
    void memory_is_sixteen_bytes_a_parameter_plus_the_activations() {
        TrainingEstimate e = TrainingEstimate.of(TINY_2048, 10, 4, 64, 1e9, 0);

        assertThat(e.memoryBytes()).isEqualTo(TINY_2048.parameters() * 16 + TINY_2048.activationBytes(4, 64));
    }

    @Test
    void activations_grow_with_the_square_of_the_context() {
        // the attention matrices (B x NH x T x T) dominate a long context on a narrow model
        long t512 = TINY_2048.activationBytes(1, 512);
        long t1024 = TINY_2048.activationBytes(1, 1024);

        assertThat(t1024).isGreaterThan(3 * t512);
    }

    @Test
    void an_estimate_survives_its_json_form() {
        TrainingEstimate e = TrainingEstimate.of(TINY_2048, 40, 4, 64, 1e9, 2.5);

        assertThat(TrainingEstimate.fromJson(e.toJson())).isEqualTo(e);
    }
}
