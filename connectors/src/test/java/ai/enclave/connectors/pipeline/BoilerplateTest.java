package ai.enclave.connectors.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import ai.enclave.connectors.spi.Document;
import ai.enclave.connectors.testing.Prose;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BoilerplateTest {
    private static final String FOOTER = "Confidential - ACME Corp internal use only - do not forward";

    @Test
    void a_footer_repeated_across_many_documents_is_cut_and_the_content_stays() {
        Random r = new Random(1);
        List<Document> docs = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            docs.add(new Document("d" + i, Prose.paragraph(r, 3) + "\n" + FOOTER, Map.of()));
        }
        LineFrequencies lines = new LineFrequencies(20);
        docs.forEach(lines::add);
        Stage removal = lines.removal(new BoilerplateConfig(true, 20, 5, 0.1));

        Verdict v = removal.apply(docs.get(3));

        assertThat(v.document().text()).isEqualTo(docs.get(3).text().replace("\n" + FOOTER, ""));
        assertThat(v.counts()).containsEntry("lines_removed", 1);
    }

    @Test
    void a_line_shared_by_fewer_documents_than_the_threshold_is_kept() {
        LineFrequencies lines = new LineFrequencies(20);
        for (int i = 0; i < 4; i++) lines.add(new Document("d" + i, FOOTER + "\nunique line number " + i, Map.of()));
        Stage removal = lines.removal(new BoilerplateConfig(true, 20, 5, 0.01));

        assertThat(removal.apply(new Document("x", FOOTER + "\nbody", Map.of()))
                        .document()
                        .text())
                .isEqualTo(FOOTER + "\nbody");
    }

    @Test
    void a_document_made_only_of_boilerplate_is_dropped_with_a_reason() {
        LineFrequencies lines = new LineFrequencies(20);
        for (int i = 0; i < 10; i++) lines.add(new Document("d" + i, FOOTER, Map.of()));

        Verdict v = lines.removal(BoilerplateConfig.defaults()).apply(new Document("x", FOOTER, Map.of()));

        assertThat(v.reason()).isEqualTo("only-boilerplate");
    }
}
