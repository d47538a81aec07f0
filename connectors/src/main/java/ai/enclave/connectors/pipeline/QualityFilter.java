package ai.enclave.connectors.pipeline;

import ai.enclave.connectors.spi.Document;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;

/**
 * Drops documents that are unlikely to be good training prose, one reason per rule, checked in the order
 * of {@link QualityThresholds}: the first failing rule names the drop. Words are whitespace-separated
 * tokens, as in the Gopher rules. Code documents get only the minimum-size rule. Pure and thread-safe.
 */
public final class QualityFilter implements Stage {
    private static final String TERMINAL_PUNCTUATION = ".!?\"'”’)。！？";
    private static final Set<Character> BULLETS = Set.of('•', '‣', '◦', '⁃', '●', '○', '▪', '■', '-', '*', '–', '—');

    private final QualityThresholds t;

    public QualityFilter(QualityThresholds thresholds) {
        this.t = thresholds;
    }

    @Override
    public String name() {
        return "quality";
    }

    @Override
    public Verdict apply(Document document) {
        String text = document.text();
        if ("code".equals(document.metadata().get("kind"))) {
            long chars = nonSpaceCodePoints(text);
            return chars < t.minCodeChars()
                    ? Verdict.drop("too-little-code", chars + " characters")
                    : Verdict.keep(document);
        }
        // Words are whitespace-separated tokens, each looked at once, in one scan of the text: its
        // length, symbols, letters, and the hash of its lower case for the n-gram rules.
        long[] wordHash = new long[64];
        int[] wordLen = new int[64];
        int n = 0;
        long chars = 0;
        int symbols = 0;
        int alpha = 0;
        int length = text.length();
        for (int i = 0; ; ) {
            while (i < length && isSpace(text.charAt(i))) i++;
            if (i == length) break;
            int start = i;
            boolean hash = false, ellipsis = false, letter = false, simple = true;
            int dots = 0;
            long h = Hashing.SEED, block = 0; // the lower-cased word's hash, built as Hashing's javadoc shows
            int shift = 0;
            for (; i < length; i++) {
                char c = text.charAt(i);
                int lower;
                if (c < 0x80) {
                    if (c <= ' ' && isSpace(c)) break;
                    lower = c | 0x20;
                    if (lower >= 'a' && lower <= 'z') letter = true;
                    else lower = c;
                    if (c == '#') hash = true;
                    if (c == '.') {
                        if (++dots >= 3) ellipsis = true;
                    } else dots = 0;
                } else {
                    if (isSpace(c)) break;
                    dots = 0;
                    if (c == '…') ellipsis = true;
                    // at a low surrogate codePointAt gives the surrogate, never a letter: the same as a code point walk
                    if (!letter && Character.isLetter(text.codePointAt(i))) letter = true;
                    // String.toLowerCase(Locale.ROOT) maps other characters one to one; these it treats apart
                    if (Character.isSurrogate(c) || c == '\u03A3' || c == '\u0130') {
                        simple = false;
                        lower = 0;
                    } else lower = Chars.lowerCase(c);
                }
                block |= (long) lower << shift;
                if ((shift += 16) == 64) {
                    h = Hashing.step(h, block);
                    block = 0;
                    shift = 0;
                }
            }
            int end = i;
            if (n == wordHash.length) {
                wordHash = Arrays.copyOf(wordHash, n * 2);
                wordLen = Arrays.copyOf(wordLen, n * 2);
            }
            chars += end - start;
            if (hash) symbols++;
            if (ellipsis) symbols++;
            if (letter) alpha++;
            if (simple) {
                wordHash[n] = Hashing.finish(h, block, shift);
                wordLen[n] = end - start;
            } else { // surrogates, final sigma, dotted capital I: String's own lower-casing, as before
                String lower = text.substring(start, end).toLowerCase(Locale.ROOT);
                wordHash[n] = Hashing.hash(lower);
                wordLen[n] = lower.length();
            }
            n++;
        }
        if (n < t.minWords()) return Verdict.drop("too-few-words", n + " words");
        if (n > t.maxWords()) return Verdict.drop("too-many-words", n + " words");

        double mean = (double) chars / n;
        if (mean < t.minMeanWordLength() || mean > t.maxMeanWordLength())
            return Verdict.drop("mean-word-length", fmt(mean));
        if ((double) symbols / n > t.maxSymbolWordRatio())
            return Verdict.drop("symbol-word-ratio", fmt((double) symbols / n));
        if ((double) alpha / n < t.minAlphaWordFraction())
            return Verdict.drop("alphabetic-words", fmt((double) alpha / n));

        LineStats lines = LineStats.of(text);
        double lineCount = Math.max(1, lines.count);
        if (lines.punctuated / lineCount < t.minPunctuationLineFraction())
            return Verdict.drop("lines-without-punctuation", fmt(lines.punctuated / lineCount));
        if (lines.bullets / lineCount > t.maxBulletLineFraction())
            return Verdict.drop("bullet-lines", fmt(lines.bullets / lineCount));
        if (lines.ellipses / lineCount > t.maxEllipsisLineFraction())
            return Verdict.drop("ellipsis-lines", fmt(lines.ellipses / lineCount));
        if (lines.duplicates / lineCount > t.maxDuplicateLineFraction())
            return Verdict.drop("repeated-lines", fmt(lines.duplicates / lineCount));
        if ((double) lines.duplicateChars / Math.max(1, lines.chars) > t.maxDuplicateLineCharFraction())
            return Verdict.drop("repeated-line-characters", fmt((double) lines.duplicateChars / lines.chars));

        long[] grams = wordHash.clone(); // grams[i] = hash of the k words from i, built up one k at a time
        long[] lenPrefix = new long[n + 1];
        for (int i = 0; i < n; i++) lenPrefix[i + 1] = lenPrefix[i] + wordLen[i];
        // A k-gram repeats only where its first k-1 words repeat, so each k looks only at the positions
        // whose (k-1)-gram occurred more than once: in prose a small and shrinking share of the words.
        int[] positions = new int[n];
        for (int i = 0; i < n; i++) positions[i] = i;
        int candidates = n;
        GramCounts counts = new GramCounts(n);
        for (int k = 2; k <= 10 && k <= n; k++) {
            int m = n - k + 1;
            while (candidates > 0 && positions[candidates - 1] >= m) candidates--;
            for (int j = 0; j < candidates; j++) {
                int i = positions[j];
                grams[i] = Hashing.mix(grams[i] * 31 + wordHash[i + k - 1]);
            }
            int[] occurrences = counts.count(grams, positions, candidates);
            if (k <= 4) {
                double f = topNgramCharFraction(occurrences, positions, candidates, lenPrefix, chars, k);
                if (f > t.maxTopNgramCharFraction()[k - 2]) return Verdict.drop("top-" + k + "gram", fmt(f));
            } else {
                double f = duplicateNgramCharFraction(occurrences, positions, candidates, wordLen, chars, k);
                if (f > t.maxDuplicateNgramCharFraction()[k - 5])
                    return Verdict.drop("duplicate-" + k + "grams", fmt(f));
            }
            int repeated = 0;
            for (int j = 0; j < candidates; j++) if (occurrences[j] > 1) positions[repeated++] = positions[j];
            candidates = repeated;
        }
        return Verdict.keep(document);
    }

    /**
     * Characters of the most frequent k-gram times its count, over all word characters (Gopher).
     * {@code occurrences[j]} is how often the k-gram starting at word {@code positions[j]} occurs (every
     * k-gram that repeats is among them); ties between grams of the same count go to the longest.
     */
    static double topNgramCharFraction(
            int[] occurrences, int[] positions, int candidates, long[] lenPrefix, long chars, int k) {
        long best = 0;
        for (int j = 0; j < candidates; j++) {
            if (occurrences[j] < 2) continue;
            int i = positions[j];
            best = Math.max(best, (lenPrefix[i + k] - lenPrefix[i]) * occurrences[j]);
        }
        return (double) best / chars;
    }

    /** Characters of words covered by any k-gram that occurs more than once (Gopher); positions ascend. */
    static double duplicateNgramCharFraction(
            int[] occurrences, int[] positions, int candidates, int[] len, long chars, int k) {
        long dup = 0;
        int coveredTo = 0; // words before this index are already counted
        for (int j = 0; j < candidates; j++) {
            if (occurrences[j] < 2) continue;
            int i = positions[j];
            for (int w = Math.max(i, coveredTo); w < i + k; w++) dup += len[w];
            coveredTo = Math.max(coveredTo, i + k);
        }
        return (double) dup / chars;
    }

    /**
     * The line rules' counts over the non-blank lines of a text, each stripped of white space (the lines of
     * {@link String#lines}, as {@link String#strip} leaves them): how many, their characters, how many end
     * in terminal punctuation, start with a bullet or end in an ellipsis, and how many (and how many
     * characters) repeat an earlier line. Found by index, without a String per line: a line is looked up
     * by its hash and compared in place.
     */
    static final class LineStats {
        int count, punctuated, bullets, ellipses, duplicates;
        long chars, duplicateChars;

        static LineStats of(String text) {
            LineStats st = new LineStats();
            int length = text.length();
            int capacity = 16;
            while (capacity < length / 16) capacity <<= 1;
            long[] hashes = new long[capacity];
            int[] starts = new int[capacity], ends = new int[capacity];
            int used = 0;
            for (int i = 0; i < length; ) {
                int end = i;
                while (end < length && text.charAt(end) != '\n' && text.charAt(end) != '\r') end++;
                int next = end == length ? end : end + (text.startsWith("\r\n", end) ? 2 : 1);
                int from = stripStart(text, i, end), to = stripEnd(text, from, end);
                i = next;
                if (from == to) continue;
                st.count++;
                st.chars += to - from;
                char last = text.charAt(to - 1);
                if (TERMINAL_PUNCTUATION.indexOf(last) >= 0) st.punctuated++;
                if (BULLETS.contains(text.charAt(from))) st.bullets++;
                if (last == '…' || (to - from >= 3 && text.startsWith("...", to - 3))) st.ellipses++;
                if (2 * (used + 1) > capacity) {
                    capacity <<= 1;
                    long[] oldHashes = hashes;
                    int[] oldStarts = starts, oldEnds = ends;
                    hashes = new long[capacity];
                    starts = new int[capacity];
                    ends = new int[capacity];
                    for (int s = 0; s < oldEnds.length; s++) {
                        if (oldEnds[s] == 0) continue;
                        int slot = (int) oldHashes[s] & (capacity - 1);
                        while (ends[slot] != 0) slot = (slot + 1) & (capacity - 1);
                        hashes[slot] = oldHashes[s];
                        starts[slot] = oldStarts[s];
                        ends[slot] = oldEnds[s];
                    }
                }
                long h = Hashing.hash(text, from, to);
                int slot = (int) h & (capacity - 1);
                boolean seen = false;
                // a stored line has end > 0 (it is not blank), so 0 marks a free slot
                while (ends[slot] != 0) {
                    if (hashes[slot] == h
                            && ends[slot] - starts[slot] == to - from
                            && text.regionMatches(starts[slot], text, from, to - from)) {
                        seen = true;
                        break;
                    }
                    slot = (slot + 1) & (capacity - 1);
                }
                if (seen) {
                    st.duplicates++;
                    st.duplicateChars += to - from;
                } else {
                    hashes[slot] = h;
                    starts[slot] = from;
                    ends[slot] = to;
                    used++;
                }
            }
            return st;
        }
    }

    /**
     * Counts equal k-gram hashes with one open-addressing table reused for every k (the hashes are
     * already mixed, so their low bits index it), sized to the positions counted: linear time where
     * sorting and searching were n log n, and no boxed map.
     */
    private static final class GramCounts {
        private final long[] keys;
        private final int[] counts;
        private final int[] slotOf;
        private final int[] occurrences;

        GramCounts(int n) {
            int capacity = Integer.highestOneBit(Math.max(2, n) * 2 - 1) * 2;
            keys = new long[capacity];
            counts = new int[capacity];
            slotOf = new int[n];
            occurrences = new int[n];
        }

        /** occurrences[j] = how many of the grams at {@code positions[0..candidates)} equal the one at positions[j]. */
        int[] count(long[] grams, int[] positions, int candidates) {
            int mask = Integer.highestOneBit(Math.max(2, candidates) * 2 - 1) * 2 - 1;
            Arrays.fill(counts, 0, mask + 1, 0);
            for (int j = 0; j < candidates; j++) {
                long g = grams[positions[j]];
                int s = (int) g & mask;
                while (counts[s] != 0 && keys[s] != g) s = (s + 1) & mask;
                keys[s] = g;
                counts[s]++;
                slotOf[j] = s;
            }
            for (int j = 0; j < candidates; j++) occurrences[j] = counts[slotOf[j]];
            return occurrences;
        }
    }

    /** Code points that are not white space (no white space lies outside the BMP), without a stream. */
    private static long nonSpaceCodePoints(String text) {
        long count = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
                count++;
            } else if (!isSpace(c)) {
                count++;
            }
        }
        return count;
    }

    /** String.strip's bounds of {@code text[start, end)} (its white space is all in the BMP). */
    static int stripStart(String text, int start, int end) {
        while (start < end && isSpace(text.charAt(start))) start++;
        return start;
    }

    static int stripEnd(String text, int start, int end) {
        while (end > start && isSpace(text.charAt(end - 1))) end--;
        return end;
    }

    /**
     * {@link Character#isWhitespace(char)}, answered without its Unicode table for ASCII and for the
     * ranges that hold no white space at all (Cyrillic to Devanagari below U+1680, CJK above U+3000).
     */
    static boolean isSpace(char c) {
        if (c < 0x80) return c == ' ' || (c >= 0x09 && c <= 0x0D) || (c >= 0x1C && c <= 0x1F);
        return c >= 0x1680 && c <= 0x3000 && Character.isWhitespace(c);
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }
}
