package ai.enclave.runtime.tokenizer.train;

import ai.enclave.runtime.tokenizer.AddedToken;
import ai.enclave.runtime.tokenizer.ByteLevel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Learns BPE merges from word counts: repeatedly merges the most frequent adjacent symbol pair
 * (ties: the smaller pair of ids), updating only the words that contain it, until the vocabulary
 * reaches its size or no pair occurs {@code minFrequency} times. The alphabet is the 256 byte
 * characters (byte-level) or the characters covering 99.95% of the text plus 256 byte-fallback
 * tokens (SentencePiece style). Byte-level merges stay on UTF-8 character boundaries (see
 * {@link CharacterBoundaries}). Not the Hugging Face trainer's exact merge order: only the output
 * format is shared, which is what lets the Hugging Face library load our files.
 */
public final class BpeTrainer {
    /** The learned tokenizer: vocab (specials first), merges in rank order, the special tokens. */
    public record Result(Map<String, Integer> vocab, List<String[]> merges, List<AddedToken> specials) {}

    private static final double CHARACTER_COVERAGE = 0.9995;

    private BpeTrainer() {}

    public static Result train(Map<String, long[]> wordCounts, TrainerConfig config) {
        List<String> idToToken = new ArrayList<>();
        Map<String, Integer> vocab = new LinkedHashMap<>();
        List<AddedToken> specials = new ArrayList<>();
        for (String s : config.specialTokens()) {
            specials.add(AddedToken.special(idToToken.size(), s));
            add(s, idToToken, vocab);
        }
        if (config.style() == TrainerConfig.Style.BYTE_LEVEL) {
            for (int b = 0; b < 256; b++) add(String.valueOf(ByteLevel.charOf(b)), idToToken, vocab);
        } else {
            for (int b = 0; b < 256; b++) add(String.format("<0x%02X>", b), idToToken, vocab);
            for (String c : coveringCharacters(wordCounts)) add(c, idToToken, vocab);
        }
        if (config.vocabSize() < idToToken.size()) {
            throw new IllegalArgumentException("vocab size " + config.vocabSize()
                    + " is below the alphabet and special tokens (" + idToToken.size() + ")");
        }

        // words as symbol ids; -1 marks a character outside the alphabet, which no pair crosses
        int n = wordCounts.size();
        int[][] words = new int[n][];
        long[] counts = new long[n];
        int w = 0;
        for (Map.Entry<String, long[]> e : wordCounts.entrySet()) {
            String word = e.getKey();
            int[] symbols = new int[word.codePointCount(0, word.length())];
            for (int i = 0, k = 0; i < word.length(); k++) {
                int cp = word.codePointAt(i);
                Integer id = vocab.get(word.substring(i, i + Character.charCount(cp)));
                symbols[k] = id == null ? -1 : id;
                i += Character.charCount(cp);
            }
            words[w] = symbols;
            counts[w++] = e.getValue()[0];
        }

        CharacterBoundaries boundaries = config.style() == TrainerConfig.Style.BYTE_LEVEL
                ? CharacterBoundaries.ofByteLevel(idToToken, config.vocabSize())
                : null;
        Map<Long, long[]> pairCounts = new HashMap<>();
        Map<Long, IntBag> where = new HashMap<>();
        for (int i = 0; i < n; i++) addPairs(words[i], counts[i], i, pairCounts, where, boundaries);
        PriorityQueue<long[]> queue = new PriorityQueue<>(Comparator.<long[]>comparingLong(q -> -q[0])
                .thenComparingInt(q -> first(q[1]))
                .thenComparingInt(q -> second(q[1])));
        pairCounts.forEach((pair, c) -> queue.add(new long[] {c[0], pair}));

        List<String[]> merges = new ArrayList<>();
        while (idToToken.size() < config.vocabSize() && !queue.isEmpty()) {
            long[] top = queue.poll();
            long[] current = pairCounts.get(top[1]);
            long count = current == null ? 0 : current[0];
            if (count != top[0]) {
                if (count > 0) queue.add(new long[] {count, top[1]});
                continue;
            }
            if (count < config.minFrequency()) break;
            int a = first(top[1]);
            int b = second(top[1]);
            String merged = idToToken.get(a) + idToToken.get(b);
            int newId = vocab.containsKey(merged) ? vocab.get(merged) : add(merged, idToToken, vocab);
            if (boundaries != null) boundaries.merged(a, b, newId);
            merges.add(new String[] {idToToken.get(a), idToToken.get(b)});

            Map<Long, long[]> touched = new HashMap<>();
            IntBag bag = where.remove(top[1]);
            for (int k = 0; bag != null && k < bag.size; k++) {
                int wi = bag.items[k];
                int[] old = words[wi];
                int[] updated = mergeWord(old, a, b, newId);
                if (updated == old) continue;
                addPairs(old, -counts[wi], -1, pairCounts, null, boundaries);
                addPairs(updated, counts[wi], -1, pairCounts, null, boundaries);
                words[wi] = updated;
                // only pairs with the new token are new to this word; its other pairs' bags have it
                for (int i = 0; i + 1 < updated.length; i++) {
                    if ((updated[i] == newId || updated[i + 1] == newId)
                            && mergeable(updated[i], updated[i + 1], boundaries)) {
                        long key = pairKey(updated[i], updated[i + 1]);
                        touched.put(key, null);
                        where.computeIfAbsent(key, x -> new IntBag()).addOnce(wi);
                    }
                }
            }
            pairCounts.remove(top[1]);
            for (Long pair : touched.keySet()) {
                long[] c = pairCounts.get(pair);
                if (c != null && c[0] > 0) queue.add(new long[] {c[0], pair});
            }
        }
        return new Result(vocab, merges, specials);
    }

    private static int add(String token, List<String> idToToken, Map<String, Integer> vocab) {
        int id = idToToken.size();
        idToToken.add(token);
        vocab.put(token, id);
        return id;
    }

    /** The most frequent characters covering {@link #CHARACTER_COVERAGE} of all characters. */
    private static List<String> coveringCharacters(Map<String, long[]> wordCounts) {
        Map<String, long[]> chars = new HashMap<>();
        long total = 0;
        for (Map.Entry<String, long[]> e : wordCounts.entrySet()) {
            String word = e.getKey();
            for (int i = 0; i < word.length(); ) {
                int len = Character.charCount(word.codePointAt(i));
                chars.computeIfAbsent(word.substring(i, i + len), k -> new long[1])[0] += e.getValue()[0];
                total += e.getValue()[0];
                i += len;
            }
        }
        List<Map.Entry<String, long[]>> sorted = new ArrayList<>(chars.entrySet());
        sorted.sort(Comparator.<Map.Entry<String, long[]>>comparingLong(e -> -e.getValue()[0])
                .thenComparing(Map.Entry::getKey));
        List<String> kept = new ArrayList<>();
        long covered = 0;
        for (Map.Entry<String, long[]> e : sorted) {
            if (covered >= CHARACTER_COVERAGE * total) break;
            kept.add(e.getKey());
            covered += e.getValue()[0];
        }
        return kept;
    }

    private static int[] mergeWord(int[] word, int a, int b, int newId) {
        int[] out = null;
        int o = 0;
        for (int i = 0; i < word.length; i++) {
            if (i + 1 < word.length && word[i] == a && word[i + 1] == b) {
                if (out == null) {
                    out = new int[word.length - 1];
                    System.arraycopy(word, 0, out, 0, i);
                    o = i;
                }
                out[o++] = newId;
                i++;
            } else if (out != null) out[o++] = word[i];
        }
        return out == null ? word : Arrays.copyOf(out, o);
    }

    private static void addPairs(
            int[] word,
            long count,
            int wordIndex,
            Map<Long, long[]> pairCounts,
            Map<Long, IntBag> where,
            CharacterBoundaries boundaries) {
        for (int i = 0; i + 1 < word.length; i++) {
            if (!mergeable(word[i], word[i + 1], boundaries)) continue;
            long key = pairKey(word[i], word[i + 1]);
            pairCounts.computeIfAbsent(key, k -> new long[1])[0] += count;
            if (where != null) where.computeIfAbsent(key, k -> new IntBag()).addOnce(wordIndex);
        }
    }

    /** Whether a pair is counted: both symbols in the alphabet, and on character boundaries. */
    private static boolean mergeable(int a, int b, CharacterBoundaries boundaries) {
        return a >= 0 && b >= 0 && (boundaries == null || boundaries.mayMerge(a, b));
    }

    /**
     * A pair as a map key: {@code a} in the high half, {@code b} mixed with a hash of {@code a} in the
     * low half. Plain {@code a << 32 | b} hashes (Long.hashCode) to {@code a ^ b}, a few thousand
     * values for all pairs of a 16k vocabulary: HashMap buckets turned into trees and training spent
     * most of its time comparing keys.
     */
    private static long pairKey(int a, int b) {
        return ((long) a << 32) | ((b ^ (a * KEY_MIX)) & 0xFFFFFFFFL);
    }

    private static final int KEY_MIX = 0x9E3779B1;

    private static int first(long pairKey) {
        return (int) (pairKey >>> 32);
    }

    private static int second(long pairKey) {
        return (int) pairKey ^ (first(pairKey) * KEY_MIX);
    }

    /** Word indices containing a pair; consecutive duplicates are skipped, stale ones are harmless. */
    private static final class IntBag {
        int[] items = new int[2];
        int size;

        void addOnce(int value) {
            if (size > 0 && items[size - 1] == value) return;
            if (size == items.length) items = Arrays.copyOf(items, size * 2);
            items[size++] = value;
        }
    }
}
