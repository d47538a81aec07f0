package ai.enclave.runtime.tokenizer;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code pre_tokenizer} section of tokenizer.json: splits normalized text into the words the BPE
 * model merges within. Covers ByteLevel, Split, Metaspace, Digits, Whitespace(Split) and Sequence,
 * with Hugging Face's split behaviours. Each piece remembers whether it starts the input text, which
 * Metaspace's "first" prepend scheme needs.
 */
public sealed interface PreTokenizer {
    /** One word: its text and whether it begins at offset 0 of the input. */
    record Piece(String text, boolean atStart) {}

    /** Appends the pieces {@code piece} splits into to {@code out}. */
    void split(Piece piece, List<Piece> out);

    /** How a split keeps the matched delimiters; see tokenizers' SplitDelimiterBehavior. */
    enum Behavior {
        REMOVED,
        ISOLATED,
        MERGED_WITH_PREVIOUS,
        MERGED_WITH_NEXT,
        CONTIGUOUS
    }

    /** GPT-2's pre-tokenizer regex, used by ByteLevel with use_regex=true. */
    Pattern GPT2_PATTERN = RegexTranslation.compile(
            "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+");

    record ByteLevelSplit(boolean addPrefixSpace, boolean useRegex) implements PreTokenizer {
        public void split(Piece piece, List<Piece> out) {
            String text = piece.text();
            if (addPrefixSpace && !text.startsWith(" ")) text = " " + text;
            if (!useRegex) {
                out.add(new Piece(ByteLevel.encode(text), piece.atStart()));
                return;
            }
            List<Piece> words = new ArrayList<>();
            Regex.splitInto(GPT2_PATTERN, new Piece(text, piece.atStart()), Behavior.ISOLATED, false, words);
            for (Piece word : words) out.add(new Piece(ByteLevel.encode(word.text()), word.atStart()));
        }
    }

    /**
     * A Split pre-tokenizer: the {@link SplitScanner} when {@code pattern} is one it knows and the
     * matches are isolated (the Llama-3 layout), else java.util.regex.
     */
    static PreTokenizer split(Pattern pattern, Behavior behavior, boolean invert) {
        // the scanner matches as RegexTranslation compiles: Unicode classes (which imply Unicode case)
        boolean unicode = pattern.flags() == (Pattern.UNICODE_CHARACTER_CLASS | Pattern.UNICODE_CASE);
        SplitScanner scanner = unicode ? SplitScanner.forRegex(pattern.pattern()) : null;
        if (scanner != null && behavior == Behavior.ISOLATED && !invert) return new Scanned(scanner, false);
        return new Regex(pattern, behavior, invert);
    }

    /**
     * Split with isolated matches of a pattern {@link SplitScanner} knows: the same pieces as {@link
     * Regex}. With {@code byteLevel} each piece is also mapped as {@code ByteLevelSplit(false, false)}
     * maps it, in one pass with no intermediate piece (the Llama-3 layout; see {@link #sequence}).
     */
    record Scanned(SplitScanner scanner, boolean byteLevel) implements PreTokenizer {
        public void split(Piece piece, List<Piece> out) {
            String text = piece.text();
            for (int i = 0; i < text.length(); ) {
                int end = scanner.pieceEnd(text, i);
                String word = byteLevel ? ByteLevel.encode(text, i, end) : text.substring(i, end);
                out.add(new Piece(word, piece.atStart() && i == 0));
                i = end;
            }
        }

        /**
         * Appends the ids {@code model} gives the byte-level pieces of {@code text}: the words of
         * {@link #split} with {@code byteLevel}, written into one buffer rather than a String each.
         */
        void encodeByteLevel(String text, Bpe model, IntList ids) {
            char[] word = new char[64];
            WordCache words = model.wordCache();
            for (int i = 0; i < text.length(); ) {
                int end = scanner.pieceEnd(text, i);
                int room = ByteLevel.maxEncodedLength(i, end);
                if (room > word.length) word = new char[Math.max(room, 2 * word.length)];
                model.encodeWord(words, word, ByteLevel.encode(text, i, end, word), ids);
                i = end;
            }
        }
    }

    /** A Sequence, with a scanned Split followed by a plain ByteLevel fused into one pre-tokenizer. */
    static PreTokenizer sequence(List<PreTokenizer> preTokenizers) {
        List<PreTokenizer> fused = new ArrayList<>();
        for (PreTokenizer p : preTokenizers) {
            if (p.equals(new ByteLevelSplit(false, false))
                    && !fused.isEmpty()
                    && fused.getLast() instanceof Scanned(SplitScanner scanner, boolean byteLevel)
                    && !byteLevel) {
                fused.set(fused.size() - 1, new Scanned(scanner, true));
            } else fused.add(p);
        }
        return fused.size() == 1 ? fused.getFirst() : new Sequence(fused);
    }

    record Regex(Pattern pattern, Behavior behavior, boolean invert) implements PreTokenizer {
        public void split(Piece piece, List<Piece> out) {
            splitInto(pattern, piece, behavior, invert, out);
        }

        static void splitInto(Pattern pattern, Piece piece, Behavior behavior, boolean invert, List<Piece> out) {
            String text = piece.text();
            // spans alternate between gaps and matches; each is (start, end, isDelimiter)
            List<int[]> spans = new ArrayList<>();
            Matcher m = pattern.matcher(text);
            int last = 0;
            while (m.find()) {
                if (m.end() == m.start()) continue;
                if (m.start() > last) spans.add(new int[] {last, m.start(), invert ? 1 : 0});
                spans.add(new int[] {m.start(), m.end(), invert ? 0 : 1});
                last = m.end();
            }
            if (last < text.length()) spans.add(new int[] {last, text.length(), invert ? 1 : 0});
            List<int[]> pieces = new ArrayList<>();
            for (int i = 0; i < spans.size(); i++) {
                int[] s = spans.get(i);
                boolean delimiter = s[2] == 1;
                switch (behavior) {
                    case REMOVED -> {
                        if (!delimiter) pieces.add(new int[] {s[0], s[1]});
                    }
                    case ISOLATED -> pieces.add(new int[] {s[0], s[1]});
                    case MERGED_WITH_PREVIOUS -> {
                        if (delimiter
                                && !pieces.isEmpty()
                                && pieces.getLast()[1] == s[0]
                                && !lastWasDelimiter(spans, i)) {
                            pieces.getLast()[1] = s[1];
                        } else pieces.add(new int[] {s[0], s[1]});
                    }
                    case MERGED_WITH_NEXT -> {
                        // a delimiter joins the piece after it, unless that piece is a delimiter too
                        if (delimiter && i + 1 < spans.size() && spans.get(i + 1)[2] == 0) {
                            pieces.add(new int[] {s[0], spans.get(++i)[1]});
                        } else pieces.add(new int[] {s[0], s[1]});
                    }
                    case CONTIGUOUS -> {
                        if (delimiter && i > 0 && spans.get(i - 1)[2] == 1) pieces.getLast()[1] = s[1];
                        else pieces.add(new int[] {s[0], s[1]});
                    }
                }
            }
            for (int[] p : pieces) out.add(new Piece(text.substring(p[0], p[1]), piece.atStart() && p[0] == 0));
        }

        private static boolean lastWasDelimiter(List<int[]> spans, int i) {
            return i > 0 && spans.get(i - 1)[2] == 1;
        }
    }

    /** SentencePiece's word boundary: spaces become {@code replacement}, optionally prepended. */
    record Metaspace(char replacement, String prependScheme, boolean splitWords) implements PreTokenizer {
        public void split(Piece piece, List<Piece> out) {
            String text = piece.text().replace(' ', replacement);
            boolean prepend = switch (prependScheme) {
                case "always" -> true;
                case "first" -> piece.atStart();
                default -> false;
            };
            if (prepend && !text.isEmpty() && text.charAt(0) != replacement) text = replacement + text;
            Piece replaced = new Piece(text, piece.atStart());
            if (splitWords) {
                Regex.splitInto(
                        Pattern.compile(Pattern.quote(String.valueOf(replacement))),
                        replaced,
                        Behavior.MERGED_WITH_NEXT,
                        false,
                        out);
            } else out.add(replaced);
        }
    }

    record Sequence(List<PreTokenizer> preTokenizers) implements PreTokenizer {
        public void split(Piece piece, List<Piece> out) {
            List<Piece> current = List.of(piece);
            for (PreTokenizer p : preTokenizers) {
                List<Piece> next = new ArrayList<>();
                for (Piece c : current) p.split(c, next);
                current = next;
            }
            out.addAll(current);
        }
    }
}
