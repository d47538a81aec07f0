package ai.enclave.runtime.tokenizer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits text around added tokens, leftmost-longest first as Hugging Face's AddedVocabulary does with
 * its Aho-Corasick automaton. Candidates are bucketed by first character, and a bit set of those
 * characters is tested first, so text without added tokens costs one bit test per character.
 */
final class AddedTokenSplitter {
    /** A stretch of text ({@code tokenId} = -1) or one added token. {@code start} is its offset. */
    record Segment(String text, int tokenId, int start) {}

    private final Map<Character, List<AddedToken>> byFirstChar = new HashMap<>();
    /** Bit c is set when an added token starts with char c. */
    private final long[] firstChars = new long[(Character.MAX_VALUE + 1) / 64];

    AddedTokenSplitter(List<AddedToken> tokens) {
        for (AddedToken t : tokens) {
            if (t.content().isEmpty()) continue;
            char first = t.content().charAt(0);
            byFirstChar.computeIfAbsent(first, c -> new ArrayList<>()).add(t);
            firstChars[first >>> 6] |= 1L << first;
        }
        Comparator<AddedToken> longestFirst =
                Comparator.comparingInt((AddedToken t) -> t.content().length()).reversed();
        byFirstChar.values().forEach(list -> list.sort(longestFirst));
    }

    boolean isEmpty() {
        return byFirstChar.isEmpty();
    }

    List<Segment> split(String text, int offset) {
        List<Segment> out = new ArrayList<>();
        if (byFirstChar.isEmpty()) {
            out.add(new Segment(text, -1, offset));
            return out;
        }
        int textStart = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((firstChars[c >>> 6] & 1L << c) == 0) continue;
            for (AddedToken t : byFirstChar.get(c)) {
                if (!text.startsWith(t.content(), i)) continue;
                int end = i + t.content().length();
                if (t.singleWord() && !atWordBoundary(text, i, end)) continue;
                int start = i;
                if (t.lstrip()) while (start > textStart && Character.isWhitespace(text.charAt(start - 1))) start--;
                if (t.rstrip()) while (end < text.length() && Character.isWhitespace(text.charAt(end))) end++;
                if (start > textStart) out.add(new Segment(text.substring(textStart, start), -1, offset + textStart));
                out.add(new Segment(t.content(), t.id(), offset + start));
                textStart = end;
                i = end - 1;
                break;
            }
        }
        if (textStart < text.length()) out.add(new Segment(text.substring(textStart), -1, offset + textStart));
        return out;
    }

    private static boolean atWordBoundary(String text, int start, int end) {
        boolean before = start == 0 || !isWordChar(text.codePointBefore(start));
        boolean after = end == text.length() || !isWordChar(text.codePointAt(end));
        return before && after;
    }

    private static boolean isWordChar(int cp) {
        return Character.isLetterOrDigit(cp) || cp == '_';
    }
}
