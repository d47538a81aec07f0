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

    private VectorMath() {}

    /** The sum of the lanes, always added in the same pairwise order. */
    static float sumLanes(FloatVector v) {
        for (VectorShuffle<Float> shift : SHIFT) v = v.add(v.rearrange(shift));
        return v.lane(0);
    }

    /** e^x per lane; inputs below -87.3 give 1.2e-38 rather than a subnormal or 0, above 88.3 2.0e38. */
    static FloatVector exp(FloatVector x) {
        x = x.max(MIN_INPUT).min(MAX_INPUT);
        FloatVector n = x.mul(LOG2E).add(ROUND).sub(ROUND);
        FloatVector r = x.sub(n.mul(LN2_HI)).sub(n.mul(LN2_LO));
        FloatVector p = r.mul(P0).add(P1);
        p = p.mul(r).add(P2);
        p = p.mul(r).add(P3);
        p = p.mul(r).add(P4);
        p = p.mul(r).add(P5);
        FloatVector expR = p.mul(r.mul(r)).add(r).add(1f);
        IntVector exponent =
                ((IntVector) n.convert(VectorOperators.F2I, 0)).add(127).lanewise(VectorOperators.LSHL, 23);
        return expR.mul(exponent.reinterpretAsFloats());
    }

    /** tanh(x) = 1 - 2 / (e^(2x) + 1), saturating to +-1 where e^(2x) is clamped. */
    static FloatVector tanh(FloatVector x) {
        FloatVector e = exp(x.mul(2f));
        return FloatVector.broadcast(S, 1f).sub(FloatVector.broadcast(S, 2f).div(e.add(1f)));
    }

    @SuppressWarnings("unchecked")
    private static VectorShuffle<Float>[] shifts() {
        int steps = Integer.numberOfTrailingZeros(L);
        VectorShuffle<Float>[] shifts = new VectorShuffle[steps];
        for (int k = 0; k < steps; k++) shifts[k] = VectorShuffle.iota(S, L >> (k + 1), 1, true);
        return shifts;
    }
}
