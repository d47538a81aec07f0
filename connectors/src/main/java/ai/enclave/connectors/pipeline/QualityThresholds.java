package ai.enclave.connectors.pipeline;

/**
 * Thresholds of the quality filter, after the Gopher rules (Rae et al. 2021, appendix A) and C4's line
 * heuristics (Raffel et al. 2020). Defaults are Gopher's except where noted.
 *
 * @param minWords fewer words: dropped, e.g. 50
 * @param maxWords more words: dropped, e.g. 100000
 * @param minMeanWordLength e.g. 3 (characters)
 * @param maxMeanWordLength e.g. 10
 * @param maxSymbolWordRatio '#' and ellipses per word, e.g. 0.1
 * @param minAlphaWordFraction words containing a letter, e.g. 0.8
 * @param minPunctuationLineFraction lines ending in terminal punctuation, e.g. 0.1 (C4 keeps only such lines;
 *     we only drop documents where almost none do, because PDF extraction wraps sentences over lines)
 * @param maxBulletLineFraction lines starting with a bullet, e.g. 0.9
 * @param maxEllipsisLineFraction lines ending with an ellipsis, e.g. 0.3
 * @param maxDuplicateLineFraction lines that repeat an earlier line, e.g. 0.3
 * @param maxDuplicateLineCharFraction characters in such lines, e.g. 0.2
 * @param maxTopNgramCharFraction characters covered by the most frequent 2-, 3-, 4-gram, e.g. {0.20, 0.18, 0.16}
 * @param maxDuplicateNgramCharFraction characters in repeated 5- to 10-grams, e.g. {0.15, ..., 0.10}
 * @param minCodeChars code ({@code kind=code}) only needs this many non-space characters, e.g. 50; the prose
 *     rules above would reject most good code
 */
public record QualityThresholds(
        int minWords,
        int maxWords,
        double minMeanWordLength,
        double maxMeanWordLength,
        double maxSymbolWordRatio,
        double minAlphaWordFraction,
        double minPunctuationLineFraction,
        double maxBulletLineFraction,
        double maxEllipsisLineFraction,
        double maxDuplicateLineFraction,
        double maxDuplicateLineCharFraction,
        double[] maxTopNgramCharFraction,
        double[] maxDuplicateNgramCharFraction,
        int minCodeChars) {
    public QualityThresholds {
        if (maxTopNgramCharFraction.length != 3)
            throw new IllegalArgumentException("maxTopNgramCharFraction needs 3 values (n = 2, 3, 4)");
        if (maxDuplicateNgramCharFraction.length != 6)
            throw new IllegalArgumentException("maxDuplicateNgramCharFraction needs 6 values (n = 5 .. 10)");
        maxTopNgramCharFraction = maxTopNgramCharFraction.clone();
        maxDuplicateNgramCharFraction = maxDuplicateNgramCharFraction.clone();
    }

    public static QualityThresholds defaults() {
        return new QualityThresholds(
                50,
                100_000,
                3,
                10,
                0.1,
                0.8,
                0.1,
                0.9,
                0.3,
                0.3,
                0.2,
                new double[] {0.20, 0.18, 0.16},
                new double[] {0.15, 0.14, 0.13, 0.12, 0.11, 0.10},
                50);
    }
}
