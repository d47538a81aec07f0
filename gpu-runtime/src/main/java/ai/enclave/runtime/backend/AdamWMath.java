package ai.enclave.runtime.backend;

/**
 * The per-step scalars of torch.optim.AdamW (decoupled decay factor, bias-corrected step size),
 * computed in double as torch computes them in Python and then used in fp32.
 */
record AdamWMath(float decayFactor, float stepSize, float biasCorrection2Sqrt) {

    AdamWMath(float lr, float beta1, float beta2, float eps, float weightDecay, int step) {
        this((float) (1.0 - (double) lr * weightDecay), (float) (lr / (1.0 - Math.pow(beta1, step))), (float)
                Math.sqrt(1.0 - Math.pow(beta2, step)));
    }
}
