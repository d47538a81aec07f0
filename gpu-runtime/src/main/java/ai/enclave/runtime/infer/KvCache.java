package ai.enclave.runtime.infer;

import ai.enclave.runtime.EngineException;
import ai.enclave.runtime.model.ModelConfig;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/** Keys and values of every layer for a number of sequence slots: k, v (L, slots, capacity, NKV*hs). */
public final class KvCache {
    public final int slots;
    public final int capacity; // positions per slot
    final int width; // NKV * hs
    final MemorySegment k;
    final MemorySegment v;

    public KvCache(ModelConfig config, int slots, int capacity, Arena arena) {
        this.slots = slots;
        this.capacity = capacity;
        this.width = config.kvHeads() * config.headSize();
        long floats = (long) config.layers() * slots * capacity * width;
        long bytes = 2 * floats * 4;
        long available = Runtime.getRuntime().maxMemory() == Long.MAX_VALUE ? Long.MAX_VALUE : physicalMemory();
        if (bytes > available / 2) {
            throw new EngineException(String.format(
                    "%d sequences of %d tokens need %.1f GiB of KV cache; only %.1f GiB of memory is available",
                    slots, capacity, bytes / (double) (1L << 30), available / 2 / (double) (1L << 30)));
        }
        this.k = arena.allocate(floats * 4, 64);
        this.v = arena.allocate(floats * 4, 64);
    }

    private static long physicalMemory() {
        if (java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getTotalMemorySize();
        }
        return Long.MAX_VALUE;
    }

    /** Float offset of (layer, slot, position). */
    long offset(int layer, int slot, int pos) {
        return (((long) layer * slots + slot) * capacity + pos) * width;
    }
}
