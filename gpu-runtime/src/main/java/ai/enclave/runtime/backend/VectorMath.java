package ai.enclave.runtime.backend;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The Vector API operations whose results must not depend on the JIT. {@code reduceLanes(ADD)} adds
 * lanes in an order the specification leaves open, and {@code lanewise(EXP)} / {@code TANH} call a
 * native math library once C2 compiles the kernel but a Java fallback before: a training run's bits
 * then depend on when the compiler got to each kernel, and a run resumed in a new JVM drifts from an
 * uninterrupted one. These versions use only additions, multiplications, divisions and integer bit
 * operations in a fixed order, which give the same bits compiled or interpreted.
 */
final class VectorMath {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    /** SHIFT[k] moves lane i + 2^k to lane i (wrapping): the steps of a fixed pairwise lane sum. */
    private static final VectorShuffle<Float>[] SHIFT = shifts();

    // exp(x) = 2^n * exp(r), n = round(x / ln 2), r = x - n ln 2 (ln 2 split in two for precision);
    // exp(r) on |r| <= ln(2)/2 by the minimax polynomial of Cephes' expf (about 1 ulp).
    private static final float LOG2E = 1.44269504088896341f;
    private static final float LN2_HI = 0.693359375f;
    private static final float LN2_LO = -2.12194440e-4f;
    /** Adding and subtracting 1.5 * 2^23 rounds a float of magnitude below 2^22 to an integer. */
    private static final float ROUND = 12582912f;
    /** Inputs are clamped so that 2^n stays a normal float: exp(88.3) = 2.0e38, exp(-87.3) = 1.2e-38. */
    private static final float MAX_INPUT = 88.3f;

    private static final float MIN_INPUT = -87.3f;
    private static final float P0 = 1.9875691500e-4f;
    private static final float P1 = 1.3981999507e-3f;
    private static final float P2 = 8.3334519073e-3f;
    private static final float P3 = 4.1665795894e-2f;
    private static final float P4 = 1.6666665459e-1f;
    private static final float P5 = 5.0000001201e-1f;
    private static final int EXPONENT_BIAS = 127;

    // The same constants as vectors, made once: a float operand is broadcast anew at every use, and each
    // broadcast the JIT parses counts towards the node budget past which it stops inlining (see load()
    // in CpuBackend).
    private static final FloatVector LOG2E_V = splat(LOG2E);
    private static final FloatVector LN2_HI_V = splat(LN2_HI);
    private static final FloatVector LN2_LO_V = splat(LN2_LO);
    private static final FloatVector ROUND_V = splat(ROUND);
    private static final FloatVector MAX_INPUT_V = splat(MAX_INPUT);
    private static final FloatVector MIN_INPUT_V = splat(MIN_INPUT);
    private static final FloatVector P0_V = splat(P0);
    private static final FloatVector P1_V = splat(P1);
    private static final FloatVector P2_V = splat(P2);
    private static final FloatVector P3_V = splat(P3);
    private static final FloatVector P4_V = splat(P4);
    private static final FloatVector P5_V = splat(P5);
    private static final FloatVector ONE_V = splat(1f);
    private static final FloatVector TWO_V = splat(2f);
    private static final IntVector EXPONENT_BIAS_V = IntVector.broadcast(S.withLanes(int.class), EXPONENT_BIAS);

    private VectorMath() {}

    /** The sum of the lanes, always added in the same pairwise order. */
    static float sumLanes(FloatVector v) {
        for (VectorShuffle<Float> shift : SHIFT) v = v.add(v.rearrange(shift));
        return v.lane(0);
    }

    /** e^x per lane; inputs below -87.3 give 1.2e-38 rather than a subnormal or 0, above 88.3 2.0e38. */
    static FloatVector exp(FloatVector x) {
        x = x.max(MIN_INPUT_V).min(MAX_INPUT_V);
        FloatVector n = x.mul(LOG2E_V).add(ROUND_V).sub(ROUND_V);
        FloatVector r = x.sub(n.mul(LN2_HI_V)).sub(n.mul(LN2_LO_V));
        FloatVector p = r.mul(P0_V).add(P1_V);
        p = p.mul(r).add(P2_V);
        p = p.mul(r).add(P3_V);
        p = p.mul(r).add(P4_V);
        p = p.mul(r).add(P5_V);
        FloatVector expR = p.mul(r.mul(r)).add(r).add(ONE_V);
        IntVector exponent = ((IntVector) n.convert(VectorOperators.F2I, 0))
                .add(EXPONENT_BIAS_V)
                .lanewise(VectorOperators.LSHL, 23);
        return expR.mul(exponent.reinterpretAsFloats());
    }

    /**
     * The same operations on one float, so it gives the bits a lane of {@link #exp(FloatVector)} gives:
     * for the few elements after a row's last whole vector.
     */
    static float exp(float x) {
        x = Math.min(Math.max(x, MIN_INPUT), MAX_INPUT);
        float n = x * LOG2E + ROUND - ROUND;
        float r = x - n * LN2_HI - n * LN2_LO;
        float p = r * P0 + P1;
        p = p * r + P2;
        p = p * r + P3;
        p = p * r + P4;
        p = p * r + P5;
        float expR = p * (r * r) + r + 1f;
        return expR * Float.intBitsToFloat(((int) n + EXPONENT_BIAS) << 23);
    }

    /** tanh(x) = 1 - 2 / (e^(2x) + 1), saturating to +-1 where e^(2x) is clamped. */
    static FloatVector tanh(FloatVector x) {
        FloatVector e = exp(x.mul(TWO_V));
        return ONE_V.sub(TWO_V.div(e.add(ONE_V)));
    }

    /** The float broadcast to every lane: for constants, made once. */
    static FloatVector splat(float c) {
        return FloatVector.broadcast(S, c);
    }

    @SuppressWarnings("unchecked")
    private static VectorShuffle<Float>[] shifts() {
        int steps = Integer.numberOfTrailingZeros(L);
        VectorShuffle<Float>[] shifts = new VectorShuffle[steps];
        for (int k = 0; k < steps; k++) shifts[k] = VectorShuffle.iota(S, L >> (k + 1), 1, true);
        return shifts;
    }
}
