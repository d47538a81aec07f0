package ai.enclave.runtime.tokenizer;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Compiles the Oniguruma regexes of tokenizer.json (Split patterns, GPT-2's pattern) as Java
 * patterns. The syntax the known tokenizers use ({@code \p{L}}, {@code (?i:...)}, {@code (?!\S)},
 * possessive quantifiers) means the same in both; the one difference that matters is that Oniguruma's
 * {@code \s} is Unicode whitespace, hence UNICODE_CHARACTER_CLASS. Parity is checked by the tests
 * against the Hugging Face library on a multilingual corpus.
 */
final class RegexTranslation {
    private RegexTranslation() {}

    static Pattern compile(String oniguruma) {
        return Pattern.compile(oniguruma, Pattern.UNICODE_CHARACTER_CLASS);
    }

    /** Compiles a pattern read from tokenizer.json, naming the JSON path on failure. */
    static Pattern compile(String oniguruma, String where) {
        try {
            return compile(oniguruma);
        } catch (PatternSyntaxException e) {
            throw new TokenizerException(
                    where + ": invalid regex: " + e.getDescription() + " near index " + e.getIndex());
        }
    }
}
