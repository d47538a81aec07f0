package ai.enclave.connectors.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import ai.enclave.connectors.spi.Document;
import ai.enclave.connectors.testing.Prose;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class QualityFilterTest {
    private final QualityFilter filter = new QualityFilter(QualityThresholds.defaults());

    private Verdict prose(String text) {
        return filter.apply(new Document("d", text, Map.of("kind", "prose")));
    }

    @Test
    void line_counts_are_those_of_the_stripped_non_blank_lines_of_string_lines() {
        Random random = new Random(3);
        String[] pieces = {"a", "b", " ", "\t", "\n", "\r", "\r\n", ".", "…", "...", "• ", "- ", "Ж", "日", "\u2003"};
        for (int n = 0; n < 3000; n++) {
            StringBuilder text = new StringBuilder();
            for (int k = random.nextInt(40); k > 0; k--) text.append(pieces[random.nextInt(pieces.length)]);
            java.util.List<String> lines = text.toString()
                    .lines()
                    .map(String::strip)
                    .filter(l -> !l.isEmpty())
                    .toList();
            java.util.Set<String> seen = new java.util.HashSet<>();
            long duplicates = lines.stream().filter(l -> !seen.add(l)).count();
            QualityFilter.LineStats st = QualityFilter.LineStats.of(text.toString());
            assertThat(st.count).as("[%s]", text).isEqualTo(lines.size());
            assertThat(st.chars)
                    .isEqualTo(lines.stream().mapToLong(String::length).sum());
            assertThat(st.duplicates).as("[%s]", text).isEqualTo(duplicates);
            assertThat(st.ellipses)
                    .isEqualTo(lines.stream()
                            .filter(l -> l.endsWith("...") || l.endsWith("…"))
                            .count());
        }
    }

    @Test
    void ordinary_prose_passes_every_rule() {
        Verdict v = prose(Prose.document(new Random(3), 400));

        assertThat(v.kept()).as(v.reason() + " " + v.detail()).isTrue();
    }

    @Test
    void each_rule_drops_the_document_it_targets_with_its_own_reason() {
        Random r = new Random(4);
        String good = Prose.document(r, 300);
        String bullets = IntStream.range(0, 40)
                .mapToObj(i -> "- " + Prose.paragraph(r, 1))
                .collect(Collectors.joining("\n"));
        String hashtags = good.replaceAll("(\\w+) (\\w+) (\\w+) (\\w+)", "$1 #$2 $3 $4");
        String noPunctuation = IntStream.range(0, 30)
                .mapToObj(i -> "Menu item number " + i + " home about contact")
                .collect(Collectors.joining("\n"));
        String repeatedLines = IntStream.range(0, 20)
                .mapToObj(i -> i % 2 == 0 ? "Click here to subscribe to our newsletter today." : Prose.paragraph(r, 1))
                .collect(Collectors.joining("\n"));
        String looping = ("we will deliver the report on time. ").repeat(40);
        String longWords =
                IntStream.range(0, 80).mapToObj(i -> "supercalifragilistic").collect(Collectors.joining(" ")) + ".";
        String numbers =
                IntStream.range(0, 80)
                                .mapToObj(i -> Integer.toString(100000 + i * 7))
                                .collect(Collectors.joining(" ")) + ".";

        assertThat(prose("Too short to be a document.").reason()).isEqualTo("too-few-words");
        assertThat(prose(longWords).reason()).isEqualTo("mean-word-length");
        assertThat(prose(hashtags).reason()).isEqualTo("symbol-word-ratio");
        assertThat(prose(numbers).reason()).isEqualTo("alphabetic-words");
        assertThat(prose(noPunctuation).reason()).isEqualTo("lines-without-punctuation");
        assertThat(prose(bullets).reason()).isEqualTo("bullet-lines");
        assertThat(prose(repeatedLines).reason()).isEqualTo("repeated-lines");
        assertThat(prose(looping).reason()).startsWith("top-");
    }

    @Test
    void repeated_long_passages_are_caught_by_the_duplicate_ngram_rule() {
        Random r = new Random(5);
        String passage = Prose.paragraph(r, 3);
        String text = Prose.paragraph(r, 4) + " " + passage + " " + Prose.paragraph(r, 2) + " " + passage + " "
                + Prose.paragraph(r, 1);

        Verdict v = prose(text);

        assertThat(v.reason()).startsWith("duplicate-").endsWith("grams");
        assertThat(Double.parseDouble(v.detail())).isGreaterThan(0.15);
    }

    @Test
    void code_is_judged_only_by_its_size() {
        Document code = new Document(
                "Main.java",
                "}\n}\n}\nclass Alpha { int x; }\nclass Beta { int y; }\nclass Gamma { int z; }\nclass Delta { int w; }\n",
                Map.of("kind", "code"));
        Document tiny = new Document("T.java", "class T {}", Map.of("kind", "code"));

        assertThat(filter.apply(code).kept()).isTrue();
        assertThat(filter.apply(tiny).reason()).isEqualTo("too-little-code");
    }

    @Test
    void the_fast_white_space_test_agrees_with_the_jdk_on_every_char() {
        for (char c = 0; c < Character.MAX_VALUE; c++)
            assertThat(QualityFilter.isSpace(c)).as("U+%04X", (int) c).isEqualTo(Character.isWhitespace(c));
        assertThat(QualityFilter.isSpace(Character.MAX_VALUE)).isFalse();
    }
}
