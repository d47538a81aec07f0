package ai.enclave.runtime.tokenizer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Lossy UTF-8 decoding replaces each maximal invalid subpart by one U+FFFD, as Rust (Hugging Face) does. */
class DecoderTest {
    @ParameterizedTest
    @CsvSource({
        "eda080, '\uFFFD\uFFFD\uFFFD'", // an encoded surrogate: three subparts (Java's own decoder gives one)
        "e0a44c, '\uFFFDL'", // a character cut short, then a letter
        "f4908080, '\uFFFD\uFFFD\uFFFD\uFFFD'", // above U+10FFFF
        "c080, '\uFFFD\uFFFD'", // overlong
        "e0a495e0a4, '\u0915\uFFFD'", // a whole Devanagari letter, then the start of another
        "f09f9880, '\uD83D\uDE00'"
    })
    void replaces_each_maximal_invalid_subpart_by_one_replacement_character(String hex, String expected) {
        assertThat(Decoder.lossyUtf8(HexFormat.of().parseHex(hex))).isEqualTo(expected);
    }
}
