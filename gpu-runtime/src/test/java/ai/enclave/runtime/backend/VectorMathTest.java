package ai.enclave.runtime.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import jdk.incubator.vector.FloatVector;
import org.junit.jupiter.api.Test;

class VectorMathTest {
    private static final int L = FloatVector.SPECIES_PREFERRED.length();

    @Test
    void exp_agrees_with_math_exp_to_a_few_ulps_over_the_range_softmax_and_gelu_use() {
        double worst = 0;
        for (float x = -80f; x <= 80f; x += 0.0137f) {
            float got = VectorMath.exp(FloatVector.broadcast(FloatVector.SPECIES_PREFERRED, x))
                    .lane(0);
            double want = Math.exp(x);
            worst = Math.max(worst, Math.abs(got - want) / want);
        }
        System.out.printf("exp: worst relative error %.3g%n", worst);
        assertThat(worst).isLessThan(3e-7);
    }

    @Test
    void exp_of_very_negative_inputs_is_tiny_and_of_very_large_ones_finite() {
        var species = FloatVector.SPECIES_PREFERRED;

        assertThat(VectorMath.exp(FloatVector.broadcast(species, Float.NEGATIVE_INFINITY))
                        .lane(0))
                .isLessThan(1e-37f);
        assertThat(VectorMath.exp(FloatVector.broadcast(species, 1000f)).lane(0))
                .isFinite();
    }

    @Test
    void exp_of_one_float_gives_the_bits_of_a_lane() {
        // softmax rows take their last few elements through exp(float): a row must not depend on where
        // its whole vectors end
        Random random = new Random(11);
        float[] inputs = new float[4096];
        for (int i = 0; i < inputs.length; i++) inputs[i] = (random.nextFloat() - 0.5f) * 200f;
        inputs[0] = Float.NEGATIVE_INFINITY;
        inputs[1] = 0f;
        inputs[2] = -0f;
        for (int i = 0; i < inputs.length; i += L) {
            FloatVector lanes = VectorMath.exp(FloatVector.fromArray(FloatVector.SPECIES_PREFERRED, inputs, i));
            for (int j = 0; j < L; j++)
                assertThat(Float.floatToRawIntBits(VectorMath.exp(inputs[i + j])))
                        .as("exp(%s)", inputs[i + j])
                        .isEqualTo(Float.floatToRawIntBits(lanes.lane(j)));
        }
    }

    @Test
    void tanh_agrees_with_math_tanh_and_saturates() {
        for (float x = -20f; x <= 20f; x += 0.011f) {
            float got = VectorMath.tanh(FloatVector.broadcast(FloatVector.SPECIES_PREFERRED, x))
                    .lane(0);
            assertThat((double) got).as("tanh(%s)", x).isCloseTo(Math.tanh(x), within(2e-7));
        }
    }

    @Test
    void the_lane_sum_adds_every_lane_in_a_pairwise_order() {
        Random random = new Random(7);
        float[] lanes = new float[L];
        for (int i = 0; i < L; i++) lanes[i] = random.nextFloat() * 1000f - 500f;

        float sum = VectorMath.sumLanes(FloatVector.fromArray(FloatVector.SPECIES_PREFERRED, lanes, 0));

        assertThat(sum).isEqualTo(pairwise(lanes));
    }

    /** lane i + lane (i + L/2) first, then halves again: the order sumLanes promises. */
    private static float pairwise(float[] lanes) {
        float[] v = lanes.clone();
        for (int half = L / 2; half >= 1; half /= 2) {
            for (int i = 0; i < half; i++) v[i] = v[i] + v[i + half];
        }
        return v[0];
    }
}
