package ai.enclave.runtime.tokenizer;

import java.util.Arrays;

/**
 * Bpe's per-thread cache from word to ids: open addressing over char-array keys with their hashes
 * beside them, so a byte-level word scanned into a buffer is looked up without a String and compared
 * with one vectorised array comparison. Emptied when it reaches its limit (text of one domain repeats
 * its words; a rare word costs a merge). Not thread-safe; one per thread.
 */
final class WordCache {
    private static final int INITIAL_CAPACITY = 1024;

    private final int limit;
    private char[][] keys = new char[INITIAL_CAPACITY][];
    private int[] hashes = new int[INITIAL_CAPACITY];
    private int[][] values = new int[INITIAL_CAPACITY][];
    private int size;

    WordCache(int limit) {
        this.limit = limit;
    }

    int[] get(String word) {
        int hash = word.hashCode();
        int mask = keys.length - 1;
        for (int slot = slot(hash); ; slot = (slot + 1) & mask) {
            char[] key = keys[slot];
            if (key == null) return null;
            if (hashes[slot] == hash && sameChars(key, word)) return values[slot];
        }
    }

    /** The ids of the word {@code chars[0, length)}, or null. */
    int[] get(char[] chars, int length) {
        int hash = hash(chars, length);
        int mask = keys.length - 1;
        for (int slot = slot(hash); ; slot = (slot + 1) & mask) {
            char[] key = keys[slot];
            if (key == null) return null;
            if (hashes[slot] == hash && Arrays.equals(key, 0, key.length, chars, 0, length)) return values[slot];
        }
    }

    /** Adds a word that {@link #get} did not find. */
    void put(String word, int[] ids) {
        if (size >= limit) {
            keys = new char[INITIAL_CAPACITY][];
            hashes = new int[INITIAL_CAPACITY];
            values = new int[INITIAL_CAPACITY][];
            size = 0;
        }
        if (2 * (size + 1) > keys.length) grow();
        insert(keys, hashes, values, word.toCharArray(), word.hashCode(), ids);
        size++;
    }

    private void grow() {
        char[][] newKeys = new char[keys.length * 2][];
        int[] newHashes = new int[keys.length * 2];
        int[][] newValues = new int[keys.length * 2][];
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != null) insert(newKeys, newHashes, newValues, keys[i], hashes[i], values[i]);
        }
        keys = newKeys;
        hashes = newHashes;
        values = newValues;
    }

    private static void insert(char[][] keys, int[] hashes, int[][] values, char[] word, int hash, int[] ids) {
        int mask = keys.length - 1;
        int slot = spread(hash) & mask;
        while (keys[slot] != null) slot = (slot + 1) & mask;
        keys[slot] = word;
        hashes[slot] = hash;
        values[slot] = ids;
    }

    /** String.hashCode's hash of {@code chars[0, length)}, so both lookups agree. */
    private static int hash(char[] chars, int length) {
        int hash = 0;
        for (int i = 0; i < length; i++) hash = 31 * hash + chars[i];
        return hash;
    }

    private static boolean sameChars(char[] key, String word) {
        if (key.length != word.length()) return false;
        for (int i = 0; i < key.length; i++) {
            if (key[i] != word.charAt(i)) return false;
        }
        return true;
    }

    private int slot(int hash) {
        return spread(hash) & (keys.length - 1);
    }

    private static int spread(int hash) {
        return hash ^ (hash >>> 16);
    }
}
