package ai.enclave.runtime.tokenizer;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The BPE model of tokenizer.json: turns one pre-tokenized word into ids by applying merges lowest
 * rank first, leftmost first among equals (the order of Hugging Face's {@code Word::merge_all}).
 * Covers byte-level vocabularies (GPT-2, Llama-3, Qwen) and SentencePiece-style ones (byte fallback,
 * unknown token, fused unknowns). Not covered: dropout, continuing-subword prefixes and end-of-word
 * suffixes (the loader rejects them). Thread-safe; each thread keeps its own word cache.
 */
public final class Bpe {
    private static final long NO_MERGE = -1L;
    private static final int CACHE_LIMIT = 200_000;

    private final Map<String, Integer> vocab;
    private final String[] idToToken;
    /** (left id << 32 | right id) to (rank << 32 | merged id). */
    private final LongLongMap merges;

    private final List<String[]> mergeList;
    private final Integer unkId;
    private final boolean fuseUnk;
    private final boolean byteFallback;
    private final boolean ignoreMerges;
    /** Ids of the byte tokens {@code <0x00>}..{@code <0xFF>} when byte fallback is on, else null. */
    private final int[] byteTokenIds;
    /** Ids of single characters below U+0200 (all of the byte-level table), -1 where absent. */
    private final int[] smallCharIds = new int[0x200];

    private final ThreadLocal<WordCache> cache = ThreadLocal.withInitial(() -> new WordCache(CACHE_LIMIT));

    /**
     * @param mergeList merges in rank order, each a pair of tokens whose concatenation is in the vocab
     */
    public Bpe(
            Map<String, Integer> vocab,
            List<String[]> mergeList,
            String unkToken,
            boolean fuseUnk,
            boolean byteFallback,
            boolean ignoreMerges) {
        this.vocab = Map.copyOf(vocab);
        int maxId = vocab.values().stream().mapToInt(Integer::intValue).max().orElse(-1);
        this.idToToken = new String[maxId + 1];
        vocab.forEach((token, id) -> idToToken[id] = token);
        this.mergeList = List.copyOf(mergeList);
        this.merges = new LongLongMap(mergeList.size());
        for (int rank = 0; rank < mergeList.size(); rank++) {
            String[] pair = mergeList.get(rank);
            Integer left = vocab.get(pair[0]);
            Integer right = vocab.get(pair[1]);
            Integer merged = vocab.get(pair[0] + pair[1]);
            if (left == null || right == null || merged == null) {
                throw new TokenizerException("model.merges[" + rank + "]: \"" + pair[0] + " " + pair[1]
                        + "\" uses a token that is not in model.vocab");
            }
            long key = pairKey(left, right);
            if (merges.get(key, NO_MERGE) == NO_MERGE) merges.put(key, ((long) rank << 32) | merged);
        }
        this.unkId = unkToken == null ? null : vocab.get(unkToken);
        if (unkToken != null && unkId == null) {
            throw new TokenizerException("model.unk_token: \"" + unkToken + "\" is not in model.vocab");
        }
        this.fuseUnk = fuseUnk;
        this.byteFallback = byteFallback;
        this.ignoreMerges = ignoreMerges;
        this.byteTokenIds = byteFallback ? byteTokenIds(vocab) : null;
        Arrays.fill(smallCharIds, -1);
        for (int c = 0; c < smallCharIds.length; c++) {
            Integer id = vocab.get(String.valueOf((char) c));
            if (id != null) smallCharIds[c] = id;
        }
    }

    private static int[] byteTokenIds(Map<String, Integer> vocab) {
        int[] ids = new int[256];
        for (int b = 0; b < 256; b++) {
            Integer id = vocab.get(String.format("<0x%02X>", b));
            ids[b] = id == null ? -1 : id;
        }
        return ids;
    }

    public int vocabSize() {
        return idToToken.length;
    }

    public Map<String, Integer> vocab() {
        return vocab;
    }

    public List<String[]> merges() {
        return mergeList;
    }

    public boolean byteFallback() {
        return byteFallback;
    }

    public String unkToken() {
        return unkId == null ? null : idToToken[unkId];
    }

    public boolean fuseUnk() {
        return fuseUnk;
    }

    public boolean ignoreMerges() {
        return ignoreMerges;
    }

    /** The token of {@code id}, or null when the id is outside the vocabulary. */
    public String token(int id) {
        return id >= 0 && id < idToToken.length ? idToToken[id] : null;
    }

    public Integer id(String token) {
        return vocab.get(token);
    }

    /** Appends the ids of one pre-tokenized word to {@code out}. */
    public void encodeWord(String word, IntList out) {
        WordCache words = cache.get();
        int[] ids = words.get(word);
        if (ids == null) {
            ids = merge(word);
            words.put(word, ids);
        }
        out.addAll(ids);
    }

    /** This thread's word cache, fetched once per text rather than once per word. */
    WordCache wordCache() {
        return cache.get();
    }

    /**
     * Appends the ids of the word {@code chars[0, length)}; builds its String only the first time.
     * {@code words} is this thread's {@link #wordCache}.
     */
    void encodeWord(WordCache words, char[] chars, int length, IntList out) {
        int[] ids = words.get(chars, length);
        if (ids == null) {
            String word = new String(chars, 0, length);
            ids = merge(word);
            words.put(word, ids);
        }
        out.addAll(ids);
    }

    private int[] merge(String word) {
        if (ignoreMerges) {
            Integer whole = vocab.get(word);
            if (whole != null) return new int[] {whole};
        }
        int[] symbols = initialSymbols(word);
        int n = symbols.length;
        if (n < 2) return symbols;
        int[] next = new int[n];
        int[] prev = new int[n];
        for (int i = 0; i < n; i++) {
            next[i] = i + 1 < n ? i + 1 : -1;
            prev[i] = i - 1;
        }
        LongHeap heap = new LongHeap(n);
        for (int i = 0; i + 1 < n; i++) pushPair(heap, symbols, i, i + 1);
        while (!heap.isEmpty()) {
            long top = heap.pop();
            int rank = (int) (top >>> 32);
            int pos = (int) top;
            int right = next[pos];
            if (symbols[pos] < 0 || right < 0) continue;
            long merge = merges.get(pairKey(symbols[pos], symbols[right]), NO_MERGE);
            if (merge == NO_MERGE || (int) (merge >>> 32) != rank) continue; // stale entry
            symbols[pos] = (int) merge;
            symbols[right] = -1;
            next[pos] = next[right];
            if (next[pos] >= 0) prev[next[pos]] = pos;
            if (prev[pos] >= 0) pushPair(heap, symbols, prev[pos], pos);
            if (next[pos] >= 0) pushPair(heap, symbols, pos, next[pos]);
        }
        IntList out = new IntList(n);
        for (int i = 0; i >= 0; i = next[i]) out.add(symbols[i]);
        return out.toArray();
    }

    private void pushPair(LongHeap heap, int[] symbols, int left, int right) {
        long merge = merges.get(pairKey(symbols[left], symbols[right]), NO_MERGE);
        if (merge != NO_MERGE) heap.push((merge & 0xFFFFFFFF00000000L) | left);
    }

    /** One symbol per character; unknown characters become byte tokens or the unknown token. */
    private int[] initialSymbols(String word) {
        IntList symbols = new IntList(word.length());
        boolean lastWasUnk = false;
        for (int i = 0; i < word.length(); ) {
            int cp = word.codePointAt(i);
            int len = Character.charCount(cp);
            int id = cp < smallCharIds.length ? smallCharIds[cp] : idOf(word.substring(i, i + len));
            i += len;
            if (id >= 0) {
                symbols.add(id);
                lastWasUnk = false;
                continue;
            }
            if (byteFallback && appendByteTokens(cp, symbols)) {
                lastWasUnk = false;
                continue;
            }
            if (unkId != null) {
                if (!(fuseUnk && lastWasUnk)) symbols.add(unkId);
                lastWasUnk = true;
            }
        }
        return symbols.toArray();
    }

    private int idOf(String character) {
        Integer id = vocab.get(character);
        return id == null ? -1 : id;
    }

    private boolean appendByteTokens(int codePoint, IntList symbols) {
        byte[] utf8 = new String(Character.toChars(codePoint)).getBytes(StandardCharsets.UTF_8);
        for (byte b : utf8) {
            if (byteTokenIds[b & 0xFF] < 0) return false;
        }
        for (byte b : utf8) symbols.add(byteTokenIds[b & 0xFF]);
        return true;
    }

    private static long pairKey(int left, int right) {
        return ((long) left << 32) | (right & 0xFFFFFFFFL);
    }

    /** Binary min-heap of longs: (rank << 32 | position) orders by rank, then leftmost. */
    private static final class LongHeap {
        private long[] items;
        private int size;

        LongHeap(int capacity) {
            items = new long[Math.max(4, capacity)];
        }

        boolean isEmpty() {
            return size == 0;
        }

        void push(long item) {
            if (size == items.length) items = Arrays.copyOf(items, size * 2);
            int i = size++;
            while (i > 0) {
                int parent = (i - 1) >>> 1;
                if (items[parent] <= item) break;
                items[i] = items[parent];
                i = parent;
            }
            items[i] = item;
        }

        long pop() {
            long top = items[0];
            long last = items[--size];
            int i = 0;
            while (true) {
                int child = 2 * i + 1;
                if (child >= size) break;
                if (child + 1 < size && items[child + 1] < items[child]) child++;
                if (items[child] >= last) break;
                items[i] = items[child];
                i = child;
            }
            items[i] = last;
            return top;
        }
    }
}
