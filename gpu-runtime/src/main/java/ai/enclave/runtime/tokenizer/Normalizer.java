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

    /**
     * The normalizer of the byte-level tokenizers Enclave trains ({@link TokenizerJson#LINE_START_SPACE}):
     * a space before non-empty text and after every line break that is not the last character. The same
     * text as its tokenizer.json form, {@code Prepend(" ")} then {@code Replace(\n(?=[\s\S]), "\n ")},
     * in one pass instead of a copy and a regex scan per document.
     */
    record LineStartSpace() implements Normalizer {
        public String normalize(String text) {
            if (text.isEmpty()) return text;
            // copied a line at a time, found by indexOf: bulk copies that keep a Latin-1 text in bytes
            StringBuilder out = new StringBuilder(text.length() + 1 + text.length() / 32);
            out.append(' ');
            int last = text.length() - 1, from = 0;
            for (int br = text.indexOf('\n'); br >= 0 && br < last; br = text.indexOf('\n', from)) {
                out.append(text, from, br + 1).append(' ');
                from = br + 1;
            }
            return out.append(text, from, text.length()).toString();
        }

        /** Whether {@code n} is this normalizer in its tokenizer.json form. */
        static boolean isWrittenForm(Normalizer n) {
            return n instanceof Sequence(List<Normalizer> parts)
                    && parts.size() == 2
                    && parts.get(0) instanceof Prepend(String prepend)
                    && prepend.equals(" ")
                    && parts.get(1) instanceof Replace(Pattern pattern, String content)
                    && pattern.pattern().equals(TokenizerJson.LINE_BREAK_BEFORE_TEXT)
                    && content.equals("\n ");
        }
    }

    record Sequence(List<Normalizer> normalizers) implements Normalizer {
        public String normalize(String text) {
            for (Normalizer n : normalizers) text = n.normalize(text);
            return text;
        }
    }
}
