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
            long h = Hashing.FNV_OFFSET;
            for (; i < length; i++) {
                char c = text.charAt(i);
                if (c < 0x80) {
                    if (c <= ' ' && isSpace(c)) break;
                    int lower = c | 0x20;
                    if (lower >= 'a' && lower <= 'z') {
                        letter = true;
                        h = Hashing.fnvStep(h, (char) lower);
                    } else h = Hashing.fnvStep(h, c);
                    if (c == '#') hash = true;
                    if (c == '.') {
                        if (++dots >= 3) ellipsis = true;
                    } else dots = 0;
                    continue;
                }
                if (isSpace(c)) break;
                dots = 0;
                if (c == '…') ellipsis = true;
                // at a low surrogate codePointAt gives the surrogate, never a letter: the same as a code point walk
                if (!letter && Character.isLetter(text.codePointAt(i))) letter = true;
                // String.toLowerCase(Locale.ROOT) maps other characters one to one; these it treats apart
                int lower = Character.isSurrogate(c) || c == '\u03A3' || c == '\u0130'
                        ? -1
                        : Character.toLowerCase((int) c);
                if (lower < 0 || lower > 0xFFFF) simple = false;
                else h = Hashing.fnvStep(h, (char) lower);
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
                wordHash[n] = Hashing.mix(h);
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
        GramCounts counts = new GramCounts(n);
        // Once no k-gram repeats, no longer one does (its first k words would): every later fraction is 0.
        boolean repeats = true;
        for (int k = 2; k <= 10 && k <= n; k++) {
            int m = n - k + 1;
            int[] occurrences = null;
            if (repeats) {
                for (int i = 0; i < m; i++) grams[i] = Hashing.mix(grams[i] * 31 + wordHash[i + k - 1]);
                occurrences = counts.count(grams, m);
                repeats = counts.repeats;
            }
            if (k <= 4) {
                double f = occurrences == null ? 0 : topNgramCharFraction(occurrences, m, lenPrefix, chars, k);
                if (f > t.maxTopNgramCharFraction()[k - 2]) return Verdict.drop("top-" + k + "gram", fmt(f));
            } else {
                double f = occurrences == null ? 0 : duplicateNgramCharFraction(occurrences, m, wordLen, chars, k);
                if (f > t.maxDuplicateNgramCharFraction()[k - 5])
                    return Verdict.drop("duplicate-" + k + "grams", fmt(f));
            }
        }
        return Verdict.keep(document);
    }

    /**
     * Characters of the most frequent k-gram times its count, over all word characters (Gopher).
     * {@code occurrences[i]} is how often the k-gram starting at word i occurs; ties between grams of
     * the same count go to the longest.
     */
    static double topNgramCharFraction(int[] occurrences, int m, long[] lenPrefix, long chars, int k) {
        long best = 0;
        for (int i = 0; i < m; i++) {
            if (occurrences[i] < 2) continue;
            best = Math.max(best, (lenPrefix[i + k] - lenPrefix[i]) * occurrences[i]);
        }
        return (double) best / chars;
    }

    /** Characters of words covered by any k-gram that occurs more than once (Gopher). */
    static double duplicateNgramCharFraction(int[] occurrences, int m, int[] len, long chars, int k) {
        long dup = 0;
        int coveredTo = 0; // words before this index are already counted
        for (int i = 0; i < m; i++) {
            if (occurrences[i] < 2) continue;
            for (int j = Math.max(i, coveredTo); j < i + k; j++) dup += len[j];
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
     * already mixed, so their low bits index it): linear time where sorting and searching were
     * n log n, and no boxed map.
     */
    private static final class GramCounts {
        private final long[] keys;
        private final int[] counts;
        private final int[] slotOf;
        private final int[] occurrences;
        private final int mask;
        /** Whether the last {@link #count} found two equal grams. */
        boolean repeats;

        GramCounts(int n) {
            int capacity = Integer.highestOneBit(Math.max(2, n) * 2 - 1) * 2;
            keys = new long[capacity];
            counts = new int[capacity];
            slotOf = new int[n];
            occurrences = new int[n];
            mask = capacity - 1;
        }

        /** occurrences[i] = how many of grams[0..m) equal grams[i]. */
        int[] count(long[] grams, int m) {
            Arrays.fill(counts, 0);
            for (int i = 0; i < m; i++) {
                long g = grams[i];
                int s = (int) g & mask;
                while (counts[s] != 0 && keys[s] != g) s = (s + 1) & mask;
                keys[s] = g;
                counts[s]++;
                slotOf[i] = s;
            }
            repeats = false;
            for (int i = 0; i < m; i++) {
                occurrences[i] = counts[slotOf[i]];
                if (occurrences[i] > 1) repeats = true;
            }
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
