package ai.enclave.connectors.pipeline;

import ai.enclave.connectors.spi.Document;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
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
            long chars =
                    text.codePoints().filter(c -> !Character.isWhitespace(c)).count();
            return chars < t.minCodeChars()
                    ? Verdict.drop("too-little-code", chars + " characters")
                    : Verdict.keep(document);
        }
        String[] words = words(text);
        int n = words.length;
        if (n < t.minWords()) return Verdict.drop("too-few-words", n + " words");
        if (n > t.maxWords()) return Verdict.drop("too-many-words", n + " words");

        long chars = 0;
        int symbols = 0;
        int alpha = 0;
        for (int i = 0; i < n; i++) {
            String w = words[i];
            chars += w.length();
            if (w.indexOf('#') >= 0) symbols++;
            if (w.contains("...") || w.indexOf('…') >= 0) symbols++;
            if (hasLetter(w)) alpha++;
        }
        double mean = (double) chars / n;
        if (mean < t.minMeanWordLength() || mean > t.maxMeanWordLength())
            return Verdict.drop("mean-word-length", fmt(mean));
        if ((double) symbols / n > t.maxSymbolWordRatio())
            return Verdict.drop("symbol-word-ratio", fmt((double) symbols / n));
        if ((double) alpha / n < t.minAlphaWordFraction())
            return Verdict.drop("alphabetic-words", fmt((double) alpha / n));

        String[] lines =
                text.lines().map(String::strip).filter(l -> !l.isEmpty()).toArray(String[]::new);
        int punct = 0, bullets = 0, ellipsis = 0;
        for (String l : lines) {
            if (TERMINAL_PUNCTUATION.indexOf(l.charAt(l.length() - 1)) >= 0) punct++;
            if (BULLETS.contains(l.charAt(0))) bullets++;
            if (l.endsWith("...") || l.endsWith("…")) ellipsis++;
        }
        double lineCount = Math.max(1, lines.length);
        if (punct / lineCount < t.minPunctuationLineFraction())
            return Verdict.drop("lines-without-punctuation", fmt(punct / lineCount));
        if (bullets / lineCount > t.maxBulletLineFraction())
            return Verdict.drop("bullet-lines", fmt(bullets / lineCount));
        if (ellipsis / lineCount > t.maxEllipsisLineFraction())
            return Verdict.drop("ellipsis-lines", fmt(ellipsis / lineCount));

        Set<String> seen = new HashSet<>();
        int dupLines = 0;
        long dupLineChars = 0, lineChars = 0;
        for (String l : lines) {
            lineChars += l.length();
            if (!seen.add(l)) {
                dupLines++;
                dupLineChars += l.length();
            }
        }
        if (dupLines / lineCount > t.maxDuplicateLineFraction())
            return Verdict.drop("repeated-lines", fmt(dupLines / lineCount));
        if ((double) dupLineChars / Math.max(1, lineChars) > t.maxDuplicateLineCharFraction())
            return Verdict.drop("repeated-line-characters", fmt((double) dupLineChars / lineChars));

        long[] wordHash = new long[n];
        int[] wordLen = new int[n];
        for (int i = 0; i < n; i++) {
            String w = words[i].toLowerCase(Locale.ROOT);
            wordHash[i] = Hashing.hash(w);
            wordLen[i] = w.length();
        }
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

    private static boolean hasLetter(String w) {
        char first = w.charAt(0);
        if ((first | 0x20) >= 'a' && (first | 0x20) <= 'z') return true; // most words, without a code point walk
        for (int i = 0; i < w.length(); ) {
            int cp = w.codePointAt(i);
            if (Character.isLetter(cp)) return true;
            i += Character.charCount(cp);
        }
        return false;
    }

    /** Whitespace-separated tokens (what {@code split("\\s+")} gives, without the regex). */
    static String[] words(String text) {
        ArrayList<String> out = new ArrayList<>();
        int start = -1;
        for (int i = 0; i <= text.length(); i++) {
            boolean space = i == text.length() || isSpace(text.charAt(i));
            if (space && start >= 0) {
                out.add(text.substring(start, i));
                start = -1;
            } else if (!space && start < 0) start = i;
        }
        return out.toArray(String[]::new);
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
