package ai.enclave.connectors.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import ai.enclave.connectors.spi.Document;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NormaliseTest {
    private final Normalise normalise = new Normalise();

    private Verdict run(String text, String kind) {
        return normalise.apply(new Document("d", text, Map.of("kind", kind)));
    }

    @Test
    void decomposed_accents_become_composed_and_invisible_characters_disappear() {
        Verdict v = run(
                "Cafe\u0301 \uFEFFzero\u200Bwidth soft\u00ADhyphen bell\u0007 emoji \uD83D\uDC69\u200D\uD83D\uDCBB",
                "prose");

        assertThat(v.document().text())
                .isEqualTo("Café zerowidth softhyphen bell emoji \uD83D\uDC69\u200D\uD83D\uDCBB");
    }

    @Test
    void prose_whitespace_collapses_and_blank_line_runs_shrink_to_one() {
        Verdict v = run("\r\n\r\n  Title\u00A0\u00A0 here  \r\n\r\n\r\n\r\nBody\ttext\u3000end.   \n\n\n", "prose");

        assertThat(v.document().text()).isEqualTo("Title here\n\nBody text end.");
    }

    @Test
    void code_keeps_its_indentation_and_alignment() {
        Verdict v = run("def f():\r\n    x  = 1   \n\treturn x\n", "code");

        assertThat(v.document().text()).isEqualTo("def f():\n    x  = 1\n\treturn x");
    }

    @Test
    void a_document_with_nothing_visible_left_is_dropped_as_empty() {
        Verdict v = run(" \u200B\n\u0000\t\n", "prose");

        assertThat(v.kept()).isFalse();
        assertThat(v.reason()).isEqualTo("empty");
    }
}
