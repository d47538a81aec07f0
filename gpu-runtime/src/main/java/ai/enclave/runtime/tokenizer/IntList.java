package ai.enclave.runtime.tokenizer;

import java.util.Arrays;

/** A growable int array: token ids without boxing. */
public final class IntList {
    private int[] items;
    private int size;

    public IntList(int capacity) {
        items = new int[Math.max(4, capacity)];
    }

    public void add(int value) {
        if (size == items.length) items = Arrays.copyOf(items, size * 2);
        items[size++] = value;
    }

    public void addAll(int[] values) {
        if (size + values.length > items.length) items = Arrays.copyOf(items, Math.max(size * 2, size + values.length));
        System.arraycopy(values, 0, items, size, values.length);
        size += values.length;
    }

    public int size() {
        return size;
    }

    public int get(int index) {
        return items[index];
    }

    public int[] toArray() {
        return Arrays.copyOf(items, size);
    }
}
