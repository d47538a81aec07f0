package ai.enclave.runtime.tokenizer.train;

import ai.enclave.runtime.tokenizer.Normalizer;
import ai.enclave.runtime.tokenizer.PreTokenizer;
import ai.enclave.runtime.tokenizer.TokenizerJson;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What to train: vocabulary size (special tokens and alphabet included), minimum pair frequency,
 * special tokens (ids 0.. in this order), the pre-tokenizer regex, the style of model, and how far
 * to even out the vocabulary between writing systems ({@link ScriptBalance}: 1 counts every word as
 * it is, smaller values give scripts with less text more of the vocabulary).
 */
public record TrainerConfig(
        int vocabSize, int minFrequency, List<String> specialTokens, String regex, Style style, double scriptBalance) {
    public enum Style {
        /** GPT-2 / Llama-3 style: 256 byte symbols, no unknown token ever. */
        BYTE_LEVEL,
        /** Llama-2 / Mistral style: characters with "▁" word marks, byte fallback for rare ones. */
        SENTENCEPIECE
    }

    /**
     * Words of any script (letters with their combining marks, so Devanagari vowel signs stay in the
     * word) with the space or punctuation run before them ({@code " (\"Save"}, {@code "._name"}),
     * up to three digits per piece, punctuation runs with their line break, whitespace runs.
     * Llama-3's regex with {@code \p{M}} beside {@code \p{L}} and a punctuation run allowed before
     * a word where Llama-3 allows one character: measured on the multilingual benchmark corpus
     * (docs/tokenizers.md) that gives 0.3-4% fewer tokens in every language, since quotes, brackets,
     * mnemonics and format markers open many words in messages and code.
     */
    public static final String DEFAULT_REGEX =
            "(?i:'s|'t|'re|'ve|'m|'ll|'d)|[^\\r\\n\\p{L}\\p{M}\\p{N}]?[^\\s\\p{L}\\p{M}\\p{N}]*[\\p{L}\\p{M}]+"
                    + "|\\p{N}{1,3}| ?[^\\s\\p{L}\\p{M}\\p{N}]+[\\r\\n]*|\\s*[\\r\\n]+|\\s+(?!\\S)|\\s+";

    public static final List<String> DEFAULT_SPECIALS =
            List.of("<|endoftext|>", "<|im_start|>", "<|im_end|>", "<|pad|>");

    public static final List<String> SENTENCEPIECE_SPECIALS = List.of("<unk>", "<s>", "</s>");

    /**
     * Measured on the multilingual benchmark (docs/tokenizers.md): 1, 0.85 and 0.7 were tried; 0.85
     * leaves every language furthest ahead of SentencePiece (Arabic and Hindi gain 8%, Latin-script
     * text and code lose about 1%).
     */
    public static final double DEFAULT_SCRIPT_BALANCE = 0.85;

    public TrainerConfig {
        if (vocabSize <= 0) throw new IllegalArgumentException("vocab size must be positive, got " + vocabSize);
        if (minFrequency < 1)
            throw new IllegalArgumentException("min frequency must be at least 1, got " + minFrequency);
        if (!(scriptBalance > 0 && scriptBalance <= 1))
            throw new IllegalArgumentException("script balance must be in (0, 1], got " + scriptBalance);
        specialTokens = List.copyOf(specialTokens);
    }

    public static TrainerConfig byteLevel(int vocabSize) {
        return new TrainerConfig(
                vocabSize, 2, DEFAULT_SPECIALS, DEFAULT_REGEX, Style.BYTE_LEVEL, DEFAULT_SCRIPT_BALANCE);
    }

    /** What training and encoding apply to text before pre-tokenizing it; null for none. */
    public Normalizer normalizer() {
        return style == Style.BYTE_LEVEL ? TokenizerJson.LINE_START_SPACE : null;
    }

    /** The pre-tokenizer the trained tokenizer.json will declare, so training sees the same words. */
    public PreTokenizer preTokenizer() {
        return switch (style) {
            case BYTE_LEVEL ->
                PreTokenizer.sequence(List.of(
                        PreTokenizer.split(
                                Pattern.compile(regex, Pattern.UNICODE_CHARACTER_CLASS),
                                PreTokenizer.Behavior.ISOLATED,
                                false),
                        new PreTokenizer.ByteLevelSplit(false, false)));
            case SENTENCEPIECE -> new PreTokenizer.Metaspace('\u2581', "first", true);
        };
    }
}
