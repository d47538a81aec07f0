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
            if (w.contains("#")) symbols++;
            if (w.contains("...") || w.contains("…")) symbols++;
            if (w.codePoints().anyMatch(Character::isLetter)) alpha++;
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
        for (int k = 2; k <= 10 && k <= n; k++) {
            for (int i = 0; i + k <= n; i++) grams[i] = Hashing.mix(grams[i] * 31 + wordHash[i + k - 1]);
            long[] kGrams = Arrays.copyOf(grams, n - k + 1);
            if (k <= 4) {
                double f = topNgramCharFraction(kGrams, wordLen, chars, k);
                if (f > t.maxTopNgramCharFraction()[k - 2]) return Verdict.drop("top-" + k + "gram", fmt(f));
            } else {
                double f = duplicateNgramCharFraction(kGrams, wordLen, chars, k);
                if (f > t.maxDuplicateNgramCharFraction()[k - 5])
                    return Verdict.drop("duplicate-" + k + "grams", fmt(f));
            }
        }
        return Verdict.keep(document);
    }

    /**
     * Characters of the most frequent k-gram times its count, over all word characters (Gopher).
     * {@code grams[i]} is the hash of the k words from i. Counts come from a sorted copy (binary search
     * for the run), which avoids a boxed map.
     */
    static double topNgramCharFraction(long[] grams, int[] len, long chars, int k) {
        long[] sorted = grams.clone();
        Arrays.sort(sorted);
        long best = 0;
        for (int i = 0; i < grams.length; i++) {
            int count = count(sorted, grams[i]);
            if (count < 2) continue;
            long gramChars = 0;
            for (int j = i; j < i + k; j++) gramChars += len[j];
            best = Math.max(best, gramChars * count);
        }
        return (double) best / chars;
    }

    /** Characters of words covered by any k-gram that occurs more than once (Gopher). */
    static double duplicateNgramCharFraction(long[] grams, int[] len, long chars, int k) {
        long[] sorted = grams.clone();
        Arrays.sort(sorted);
        boolean[] covered = new boolean[len.length];
        for (int i = 0; i < grams.length; i++) {
            if (count(sorted, grams[i]) > 1) Arrays.fill(covered, i, i + k, true);
        }
        long dup = 0;
        for (int i = 0; i < len.length; i++) if (covered[i]) dup += len[i];
        return (double) dup / chars;
    }

    /** Whitespace-separated tokens (what {@code split("\\s+")} gives, without the regex). */
    static String[] words(String text) {
        ArrayList<String> out = new ArrayList<>();
        int start = -1;
        for (int i = 0; i <= text.length(); i++) {
            boolean space = i == text.length() || Character.isWhitespace(text.charAt(i));
            if (space && start >= 0) {
                out.add(text.substring(start, i));
                start = -1;
            } else if (!space && start < 0) start = i;
        }
        return out.toArray(String[]::new);
    }

    /** How often {@code value} occurs in the sorted array. */
    private static int count(long[] sorted, long value) {
        int at = Arrays.binarySearch(sorted, value);
        if (at < 0) return 0;
        int lo = at, hi = at;
        while (lo > 0 && sorted[lo - 1] == value) lo--;
        while (hi + 1 < sorted.length && sorted[hi + 1] == value) hi++;
        return hi - lo + 1;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }
}
