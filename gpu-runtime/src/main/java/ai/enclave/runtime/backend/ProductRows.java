package ai.enclave.runtime.backend;

import java.lang.foreign.MemorySegment;

/**
 * The rows A (m, k) that a product with packed weights multiplies ({@link Backend#gemmPackedWeights}):
 * given as they are, or made row by row from another matrix by the normalisation or activation that
 * comes before the product in a transformer block. Made rows are the floats the backend's own norm and
 * activation kernels give for them. Handing the making to the product lets the backend do it where it
 * suits: at decode batches every thread makes all the rows for itself, so that no thread reads rows that
 * another core has just written (on a host whose cores sit on two dies, the separate norm and activation
 * calls took about a tenth of a batch-16 decode step).
 */
public sealed interface ProductRows {
    /** A itself, row stride lda. */
    record Given(MemorySegment a, int lda) implements ProductRows {}

    /** RMSNorm of x's rows (m, k; row stride k) with weight (k). */
    record RmsNormed(MemorySegment x, MemorySegment weight, float eps) implements ProductRows {}

    /** LayerNorm of x's rows (m, k; row stride k) with weight (k) and bias (k, or null: MPT). */
    record LayerNormed(MemorySegment x, MemorySegment weight, MemorySegment bias, float eps) implements ProductRows {}

    /** silu(gate) * up of gateUp's rows (m, 2k): the gate's k floats, then the up projection's. */
    record SwiGlu(MemorySegment gateUp) implements ProductRows {}

    /** gelu of pre's rows (m, k), tanh approximation (GPT-2) or the erf form (MPT). */
    record Gelu(MemorySegment pre, boolean tanhApproximation) implements ProductRows {}
}
