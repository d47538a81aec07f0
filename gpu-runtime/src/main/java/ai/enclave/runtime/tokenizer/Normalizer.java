package ai.enclave.runtime.tokenizer;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The {@code normalizer} section of tokenizer.json, applied to each stretch of text between added
 * tokens. Only the normalizers byte-level and SentencePiece-style models use; offsets are not kept
 * because callers need ids, not alignments.
 */
public sealed interface Normalizer {
    String normalize(String text);

    record UnicodeForm(java.text.Normalizer.Form form) implements Normalizer {
        public String normalize(String text) {
            return java.text.Normalizer.normalize(text, form);
        }
    }

    record Lowercase() implements Normalizer {
        public String normalize(String text) {
            return text.toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Puts {@code prepend} before non-empty text (Llama-2's "▁"). */
    record Prepend(String prepend) implements Normalizer {
        public String normalize(String text) {
            return text.isEmpty() ? text : prepend + text;
        }
    }

    /** Replaces every match of a literal string or a regex. */
    record Replace(Pattern pattern, String content) implements Normalizer {
        public String normalize(String text) {
            return pattern.matcher(text).replaceAll(java.util.regex.Matcher.quoteReplacement(content));
        }
    }

    record Sequence(List<Normalizer> normalizers) implements Normalizer {
        public String normalize(String text) {
            for (Normalizer n : normalizers) text = n.normalize(text);
            return text;
        }
    }
}
