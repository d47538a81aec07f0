package ai.enclave.runtime.backend;

/**
 * Rotary frequencies computed the way Hugging Face's Llama computes them in fp32
 * (inv_freq = 1 / theta^(2i/hs)), so angles at long positions round the same way.
 */
public final class RopeMath {
    private RopeMath() {}

    public static float inverseFrequency(float theta, int i, int hs) {
        float exponent = (float) (2 * i) / hs;
        float base = (float) Math.pow(theta, exponent);
        return 1.0f / base;
    }
}
