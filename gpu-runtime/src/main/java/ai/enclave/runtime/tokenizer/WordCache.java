package ai.enclave.runtime.tokenizer;

/**
 * Bpe's per-thread cache from word to ids: open addressing over String keys that can also be looked
 * up by a char range, so a byte-level word scanned into a buffer needs no String unless it is new.
 * Emptied when it reaches its limit (text of one domain repeats its words; a rare word costs a merge).
 * Not thread-safe; one per thread.
 */
final class WordCache {
    private static final int INITIAL_CAPACITY = 1024;

    private final int limit;
    private String[] keys = new String[INITIAL_CAPACITY];
    private int[][] values = new int[INITIAL_CAPACITY][];
    private int size;

    WordCache(int limit) {
        this.limit = limit;
    }

    int[] get(String word) {
        int mask = keys.length - 1;
        for (int slot = slot(word.hashCode()); ; slot = (slot + 1) & mask) {
            String key = keys[slot];
            if (key == null) return null;
            if (key.equals(word)) return values[slot];
        }
    }

    /** The ids of the word {@code chars[0, length)}, or null. */
    int[] get(char[] chars, int length) {
        int hash = 0; // String.hashCode's, which the keys cache
        for (int i = 0; i < length; i++) hash = 31 * hash + chars[i];
        int mask = keys.length - 1;
        for (int slot = slot(hash); ; slot = (slot + 1) & mask) {
            String key = keys[slot];
            if (key == null) return null;
            if (key.hashCode() == hash && sameChars(key, chars, length)) return values[slot];
        }
    }

    /** Adds a word that {@link #get} did not find. */
    void put(String word, int[] ids) {
        if (size >= limit) {
            keys = new String[INITIAL_CAPACITY];
            values = new int[INITIAL_CAPACITY][];
            size = 0;
        }
        if (2 * (size + 1) > keys.length) grow();
        insert(keys, values, word, ids);
        size++;
    }

    private void grow() {
        String[] newKeys = new String[keys.length * 2];
        int[][] newValues = new int[keys.length * 2][];
        for (int i = 0; i < keys.length; i++) {
            if (keys[i] != null) insert(newKeys, newValues, keys[i], values[i]);
        }
        keys = newKeys;
        values = newValues;
    }

    private static void insert(String[] keys, int[][] values, String word, int[] ids) {
        int mask = keys.length - 1;
        int slot = spread(word.hashCode()) & mask;
        while (keys[slot] != null) slot = (slot + 1) & mask;
        keys[slot] = word;
        values[slot] = ids;
    }

    private int slot(int hash) {
        return spread(hash) & (keys.length - 1);
    }

    private static int spread(int hash) {
        return hash ^ (hash >>> 16);
    }

    private static boolean sameChars(String key, char[] chars, int length) {
        if (key.length() != length) return false;
        for (int i = 0; i < length; i++) {
            if (key.charAt(i) != chars[i]) return false;
        }
        return true;
    }
}
