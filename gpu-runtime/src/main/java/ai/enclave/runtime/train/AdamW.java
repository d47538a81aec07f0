package ai.enclave.runtime.train;

import ai.enclave.runtime.backend.Backend;
import ai.enclave.runtime.model.ParameterTensors;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Optimizer state and step of torch.optim.AdamW: first and second moments in the parameter layout,
 * weight decay only on tensors the layout marks (matrices and embeddings, never norms or biases).
 * The step counter is the number of updates done, so a restored state continues exactly.
 */
public final class AdamW {
    public final float beta1; // e.g. 0.9
    public final float beta2; // e.g. 0.95
    public final float eps; // e.g. 1e-8
    public final float weightDecay; // e.g. 0.1
    public final MemorySegment m; // (P) first moment
    public final MemorySegment v; // (P) second moment
    private int step;

    public AdamW(ParameterTensors layout, float beta1, float beta2, float eps, float weightDecay, Arena arena) {
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.m = arena.allocate(layout.count * 4, 64);
        this.v = arena.allocate(layout.count * 4, 64);
    }

    public int stepsDone() {
        return step;
    }

    public void restore(int stepsDone) {
        this.step = stepsDone;
    }

    /** One update of params from grads at learning rate lr. */
    public void update(Backend backend, ParameterTensors params, ParameterTensors grads, float lr) {
        step++;
        for (ParameterTensors.Tensor t : params.tensors) {
            long off = t.offset() * 4, bytes = t.count() * 4;
            backend.adamw(
                    params.memory.asSlice(off, bytes),
                    grads.memory.asSlice(off, bytes),
                    m.asSlice(off, bytes),
                    v.asSlice(off, bytes),
                    t.count(),
                    lr,
                    beta1,
                    beta2,
                    eps,
                    t.decay() ? weightDecay : 0f,
                    step);
        }
    }

    /** Global L2 norm of all gradients; scales them down to maxNorm when above (torch clip_grad_norm_). */
    public static float clipGradNorm(Backend backend, ParameterTensors grads, float maxNorm) {
        float norm = (float) Math.sqrt(backend.sumOfSquares(grads.memory, grads.count));
        if (maxNorm > 0) {
            float coef = maxNorm / (norm + 1e-6f);
            if (coef < 1f) backend.scale(grads.memory, grads.count, coef);
        }
        return norm;
    }
}
