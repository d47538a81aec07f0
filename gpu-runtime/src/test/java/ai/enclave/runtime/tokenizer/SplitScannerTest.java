package ai.enclave.runtime.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import ai.enclave.runtime.tokenizer.train.TrainerConfig;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The hand-written scanner against java.util.regex on the same pattern: identical pieces for the
 * multilingual corpus and for random text over an alphabet chosen to hit every alternative and its
 * backtracking (scripts, combining marks, digits of several kinds, punctuation runs, contractions in
 * every case, each kind of whitespace, surrogate pairs and lone surrogates); the same for the scanner
 * fused with the byte-level mapping, whose UTF-8 encoder is checked against String.getBytes.
 */
class SplitScannerTest {
    private static final String[] UNITS = {
        "a",
        "Z",
        "é",
        "ß",
        "ſ",
        "\u212A",
        "İ",
        "ı",
        "Ж",
        "α",
        "中",
        "あ",
        "한",
        "ह",
        "\u093F",
        "\u094D",
        "ب",
        "\u0301",
        "\u20DD",
        "\uD800\uDF48",
        "0",
        "7",
        "\u0663",
        "²",
        "Ⅻ",
        "\uD835\uDFD9",
        ".",
        ",",
        "!",
        "?",
        "-",
        "_",
        "(",
        ")",
        "\"",
        "`",
        "«",
        "…",
        "、",
        "$",
        "%",
        "'",
        "'s",
        "'S",
        "'ſ",
        "'t",
        "'T",
        "'re",
        "'RE",
        "'rE",
        "'ve",
        "'VE",
        "'m",
        "'M",
        "'ll",
        "'LL",
        "'lL",
        "'d",
        "'D",
        "'x",
        " ",
        " ",
        " ",
        "\t",
        "\r",
        "\n",
        "\r\n",
        "\u00A0",
        "\u2028",
        "\u3000",
        "\u0085",
        "\u000B",
        "\u000C",
        "\u200B",
        "\u200D",
        "\uFEFF",
        "\u0001",
        "😀",
        "👍🏽",
        "\uD800",
        "\uDC00",
    };

    private static final List<String> PATTERNS =
            List.of(TrainerConfig.DEFAULT_REGEX, SplitScanner.LLAMA3_REGEX, SplitScanner.QWEN2_REGEX);

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2})
    void scannerSplitsTheCorpusExactlyAsTheRegex(int which) {
        String regex = PATTERNS.get(which);
        String corpus = TokenizerFixtures.corpus();
        assertSamePieces(regex, corpus);
        for (String line : corpus.split("\n")) assertSamePieces(regex, line);
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2})
    void scannerSplitsRandomHostileTextExactlyAsTheRegex(int which) {
        String regex = PATTERNS.get(which);
        Random random = new Random(42 + which);
        for (int sample = 0; sample < 20_000; sample++) {
            assertSamePieces(regex, randomText(random));
        }
    }

    private static String randomText(Random random) {
        StringBuilder text = new StringBuilder();
        int units = random.nextInt(25);
        for (int u = 0; u < units; u++) {
            String unit = UNITS[random.nextInt(UNITS.length)];
            int repeat = random.nextInt(4) == 0 ? 1 + random.nextInt(4) : 1; // runs of one kind
            text.append(unit.repeat(repeat));
        }
        return text.toString();
    }

    @Test
    void aTrainedTokenizerEncodesHostileTextAsWithTheRegex(@TempDir Path dir) throws IOException {
        Path scanned = TokenizerFixtures.trainedByteLevel(dir, 800);
        Path regex = TokenizerFixtures.rewrite(scanned, dir.resolve("regex/tokenizer.json"), root -> {
            ObjectNode pattern = (ObjectNode)
                    root.get("pre_tokenizer").get("pretokenizers").get(0).get("pattern");
            pattern.put("Regex", "(?:" + pattern.get("Regex").asText() + ")"); // same matches, not recognised
        });
        Tokenizer fast = Tokenizer.load(scanned);
        Tokenizer slow = Tokenizer.load(regex);
        assertThat(fast.preTokenizer()).isInstanceOf(PreTokenizer.Scanned.class);
        assertThat(slow.preTokenizer()).isInstanceOf(PreTokenizer.Sequence.class);
        Random random = new Random(11);
        for (int sample = 0; sample < 5_000; sample++) {
            String text = randomText(random);
            assertThat(fast.encode(text, false)).as(escaped(text)).isEqualTo(slow.encode(text, false));
        }
        String corpus = TokenizerFixtures.corpus();
        assertThat(fast.encode(corpus.repeat(30), true)).isEqualTo(slow.encode(corpus.repeat(30), true));
    }

    @Test
    void byteLevelEncodingEqualsTheTableCharactersOfGetBytes() {
        Random random = new Random(7);
        for (int sample = 0; sample < 20_000; sample++) {
            String text = randomText(random);
            byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
            StringBuilder expected = new StringBuilder();
            for (byte b : utf8) expected.append(ByteLevel.charOf(b & 0xFF));
            assertThat(ByteLevel.encode(text)).as(escaped(text)).isEqualTo(expected.toString());
        }
    }

    @Test
    void aScannedSplitBeforeAPlainByteLevelIsFusedIntoOne() {
        PreTokenizer split = PreTokenizer.split(
                RegexTranslation.compile(TrainerConfig.DEFAULT_REGEX), PreTokenizer.Behavior.ISOLATED, false);
        assertThat(PreTokenizer.sequence(List.of(split, new PreTokenizer.ByteLevelSplit(false, false))))
                .isInstanceOf(PreTokenizer.Scanned.class)
                .extracting(p -> ((PreTokenizer.Scanned) p).byteLevel())
                .isEqualTo(true);
        assertThat(PreTokenizer.sequence(List.of(split, new PreTokenizer.ByteLevelSplit(true, false))))
                .isInstanceOf(PreTokenizer.Sequence.class);
    }

    @Test
    void onlyTheKnownPatternsWithIsolatedMatchesUseTheScanner() {
        Pattern ours = RegexTranslation.compile(TrainerConfig.DEFAULT_REGEX);
        assertThat(PreTokenizer.split(ours, PreTokenizer.Behavior.ISOLATED, false))
                .isInstanceOf(PreTokenizer.Scanned.class);
        assertThat(PreTokenizer.split(
                        RegexTranslation.compile(SplitScanner.LLAMA3_REGEX), PreTokenizer.Behavior.ISOLATED, false))
                .isInstanceOf(PreTokenizer.Scanned.class);
        assertThat(PreTokenizer.split(ours, PreTokenizer.Behavior.REMOVED, false))
                .isInstanceOf(PreTokenizer.Regex.class);
        assertThat(PreTokenizer.split(ours, PreTokenizer.Behavior.ISOLATED, true))
                .isInstanceOf(PreTokenizer.Regex.class);
        assertThat(PreTokenizer.split(
                        Pattern.compile(TrainerConfig.DEFAULT_REGEX), PreTokenizer.Behavior.ISOLATED, false))
                .isInstanceOf(PreTokenizer.Regex.class);
        assertThat(PreTokenizer.split(PreTokenizer.GPT2_PATTERN, PreTokenizer.Behavior.ISOLATED, false))
                .isInstanceOf(PreTokenizer.Regex.class);
    }

    private static void assertSamePieces(String regex, String text) {
        PreTokenizer.Piece whole = new PreTokenizer.Piece(text, true);
        PreTokenizer regexSplit =
                new PreTokenizer.Regex(RegexTranslation.compile(regex), PreTokenizer.Behavior.ISOLATED, false);
        List<PreTokenizer.Piece> expected = new ArrayList<>();
        regexSplit.split(whole, expected);
        List<PreTokenizer.Piece> actual = new ArrayList<>();
        new PreTokenizer.Scanned(SplitScanner.forRegex(regex), false).split(whole, actual);
        assertThat(actual).as("pieces of %s", escaped(text)).isEqualTo(expected);

        List<PreTokenizer.Piece> expectedBytes = new ArrayList<>();
        new PreTokenizer.Sequence(List.of(regexSplit, new PreTokenizer.ByteLevelSplit(false, false)))
                .split(whole, expectedBytes);
        List<PreTokenizer.Piece> actualBytes = new ArrayList<>();
        new PreTokenizer.Scanned(SplitScanner.forRegex(regex), true).split(whole, actualBytes);
        assertThat(actualBytes).as("byte-level pieces of %s", escaped(text)).isEqualTo(expectedBytes);
    }

    private static String escaped(String text) {
        StringBuilder out = new StringBuilder("\"");
        text.chars()
                .forEach(
                        c -> out.append(c < 0x20 || c > 0x7E ? String.format("\\u%04X", c) : String.valueOf((char) c)));
        return out.append('"').toString();
    }
}
