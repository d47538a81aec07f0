package ai.enclave.runtime.tokenizer;

import ai.enclave.runtime.tokenizer.train.TrainerConfig;

/**
 * A hand-written matcher for the three split regexes of the Llama-3 family: our trainer's default
 * ({@link TrainerConfig#DEFAULT_REGEX}), Llama-3's and Qwen2's. It gives exactly the pieces
 * java.util.regex gives for them (checked by SplitScannerTest on random text over a hostile alphabet),
 * at several times the speed: the regex spends most of its time in alternation, backtracking and
 * per-character Unicode property calls. Used only when tokenizer.json's pattern is one of these
 * strings exactly; any other pattern runs through java.util.regex.
 *
 * <p>The regexes, alternatives tried in order at each position (L letter, M mark, N number, \s
 * Unicode whitespace): {@code (?i:'s|'t|'re|'ve|'m|'ll|'d)}, a word with an optional non-newline
 * character (default: then a punctuation run) before it, up to three digits (Qwen2: one), an
 * optional space with a punctuation run and its line breaks, whitespace up to its last line break,
 * whitespace but the last character before a non-space, whitespace.
 */
public final class SplitScanner {
    private static final int LETTER = 0;
    private static final int NUMBER = 1;
    private static final int SPACE = 2;
    private static final int OTHER = 3;

    private static final int LETTER_TYPES = (1 << Character.UPPERCASE_LETTER)
            | (1 << Character.LOWERCASE_LETTER)
            | (1 << Character.TITLECASE_LETTER)
            | (1 << Character.MODIFIER_LETTER)
            | (1 << Character.OTHER_LETTER);
    private static final int MARK_TYPES = (1 << Character.NON_SPACING_MARK)
            | (1 << Character.ENCLOSING_MARK)
            | (1 << Character.COMBINING_SPACING_MARK);
    private static final int NUMBER_TYPES =
            (1 << Character.DECIMAL_DIGIT_NUMBER) | (1 << Character.LETTER_NUMBER) | (1 << Character.OTHER_NUMBER);
    /** java.util.regex's {@code \s} with UNICODE_CHARACTER_CLASS: these categories, U+0009..U+000D, U+0085. */
    private static final int SPACE_TYPES =
            (1 << Character.SPACE_SEPARATOR) | (1 << Character.LINE_SEPARATOR) | (1 << Character.PARAGRAPH_SEPARATOR);

    static final String LLAMA3_REGEX = "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}{1,3}"
            + "| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";
    static final String QWEN2_REGEX = "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{N}]?\\p{L}+|\\p{N}"
            + "| ?[^\\s\\p{L}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

    private final boolean marksAreLetters;
    private final boolean punctuationRunBeforeWord;
    private final int maxDigits;
    /** Classes of U+0000..U+007F, so ASCII text never calls Character.getType. */
    private final byte[] asciiClass = new byte[128];

    private SplitScanner(boolean marksAreLetters, boolean punctuationRunBeforeWord, int maxDigits) {
        this.marksAreLetters = marksAreLetters;
        this.punctuationRunBeforeWord = punctuationRunBeforeWord;
        this.maxDigits = maxDigits;
        for (int c = 0; c < 128; c++) asciiClass[c] = (byte) classify(c);
    }

    /** The scanner for {@code regex}, or null when it is not one of the patterns this class knows. */
    public static SplitScanner forRegex(String regex) {
        if (regex.equals(TrainerConfig.DEFAULT_REGEX)) return new SplitScanner(true, true, 3);
        if (regex.equals(LLAMA3_REGEX)) return new SplitScanner(false, false, 3);
        if (regex.equals(QWEN2_REGEX)) return new SplitScanner(false, false, 1);
        return null;
    }

    /** The end (exclusive) of the piece that starts at {@code i}; pieces cover the text without gaps. */
    public int pieceEnd(String s, int i) {
        int n = s.length();
        int cp = s.codePointAt(i);
        int after = i + Character.charCount(cp);
        if (cp == '\'') {
            int end = contractionEnd(s, i);
            if (end > 0) return end;
        }
        int cls = classOf(cp);
        switch (cls) {
            case LETTER:
                return runEnd(s, i, LETTER);
            case NUMBER: {
                int end = after;
                for (int count = 1; count < maxDigits && end < n; count++) {
                    int next = s.codePointAt(end);
                    if (classOf(next) != NUMBER) break;
                    end += Character.charCount(next);
                }
                return end;
            }
            default:
                break;
        }
        // a word after one non-newline character (the default regex: and a punctuation run)
        if (cp != '\r' && cp != '\n' && after < n) {
            int word = punctuationRunBeforeWord ? runEnd(s, after, OTHER) : after;
            if (word < n && classOf(s.codePointAt(word)) == LETTER) return runEnd(s, word, LETTER);
        }
        if (cls == OTHER) return lineBreaksEnd(s, runEnd(s, i, OTHER));
        // whitespace: " " before a punctuation run joins it
        if (cp == ' ' && after < n && classOf(s.codePointAt(after)) == OTHER) {
            return lineBreaksEnd(s, runEnd(s, after, OTHER));
        }
        int end = runEnd(s, i, SPACE); // whitespace is all in the BMP
        for (int k = end - 1; k >= i; k--) {
            char c = s.charAt(k);
            if (c == '\r' || c == '\n') return k + 1;
        }
        if (end == n || end - i == 1) return end;
        return end - 1; // the last space stays for the word after it
    }

    private static int lineBreaksEnd(String s, int i) {
        while (i < s.length() && (s.charAt(i) == '\r' || s.charAt(i) == '\n')) i++;
        return i;
    }

    private int runEnd(String s, int i, int cls) {
        int n = s.length();
        while (i < n) {
            char c = s.charAt(i);
            if (c < 128) {
                if (asciiClass[c] != cls) return i;
                i++;
            } else {
                int cp = s.codePointAt(i);
                if (classOf(cp) != cls) return i;
                i += Character.charCount(cp);
            }
        }
        return n;
    }

    /** {@code (?i:'s|'t|'re|'ve|'m|'ll|'d)} at {@code i}, case folded as java.util.regex does. */
    private static int contractionEnd(String s, int i) {
        if (i + 1 >= s.length()) return -1;
        char second = fold(s.charAt(i + 1));
        return switch (second) {
            case 's', 't', 'm', 'd' -> i + 2;
            case 'r', 'v' -> i + 2 < s.length() && fold(s.charAt(i + 2)) == 'e' ? i + 3 : -1;
            case 'l' -> i + 2 < s.length() && fold(s.charAt(i + 2)) == 'l' ? i + 3 : -1;
            default -> -1;
        };
    }

    /** java.util.regex's Unicode case-insensitive comparison form (U+017F long s folds to 's'). */
    private static char fold(char c) {
        return Character.toLowerCase(Character.toUpperCase(c));
    }

    private int classOf(int cp) {
        return cp < 128 ? asciiClass[cp] : classify(cp);
    }

    private int classify(int cp) {
        int type = 1 << Character.getType(cp);
        if ((type & LETTER_TYPES) != 0 || (marksAreLetters && (type & MARK_TYPES) != 0)) return LETTER;
        if ((type & NUMBER_TYPES) != 0) return NUMBER;
        if ((type & SPACE_TYPES) != 0 || (cp >= 0x09 && cp <= 0x0D) || cp == 0x85) return SPACE;
        return OTHER;
    }
}
