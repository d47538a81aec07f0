package ai.enclave.runtime.backend;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The rotary embedding's cos and sin per position, computed once per model runner rather than in every
 * layer of every call (a decode step of a Llama model spent more time in Math.cos and Math.sin than in
 * rotating). Positions are computed as calls first reach them ({@link #prepare}), so a runner built for
 * a long context pays only for the positions it uses. Angles are pos * inv_freq(i) in fp32 with
 * inv_freq(i) = 1 / theta^(2i/hs), the way Hugging Face's Llama computes them, so long positions round
 * the same way.
 */
public final class RopeTable {
    private final int capacity;
    final int half;
    final MemorySegment cos; // (capacity, hs/2)
    final MemorySegment sin; // (capacity, hs/2)
    private final float[] inverseFrequency;
    private int prepared;

    public RopeTable(float theta, int hs, int capacity, Arena arena) {
        this.capacity = capacity;
        this.half = hs / 2;
        this.cos = arena.allocate(4L * capacity * half, 64);
        this.sin = arena.allocate(4L * capacity * half, 64);
        this.inverseFrequency = new float[half];
        for (int i = 0; i < half; i++) inverseFrequency[i] = 1.0f / (float) Math.pow(theta, (float) (2 * i) / hs);
    }

    /** Computes positions [0, count), count at most the capacity; call before a rope over them. */
    public void prepare(int count) {
        if (count > capacity) {
            throw new IllegalArgumentException(
                    "position " + (count - 1) + " is outside the " + capacity + " positions of this rotary table");
        }
        for (; prepared < count; prepared++) {
            for (int i = 0; i < half; i++) {
                float angle = prepared * inverseFrequency[i];
                cos.setAtIndex(JAVA_FLOAT, (long) prepared * half + i, (float) Math.cos(angle));
                sin.setAtIndex(JAVA_FLOAT, (long) prepared * half + i, (float) Math.sin(angle));
            }
        }
    }

    /** Float offset of position pos's row of hs/2 values in cos and sin. */
    long row(int pos) {
        if (pos < 0 || pos >= prepared) {
            throw new IllegalArgumentException(
                    "position " + pos + " is outside the " + prepared + " positions prepared in this rotary table");
        }
        return (long) pos * half;
    }
}
