package ai.enclave.connectors.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.enclave.connectors.spi.Document;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LanguageIdTest {
    private static final String EN = "The quarterly report shows that revenue grew in every region, and the team "
            + "expects the new product to reach customers before the end of the year.";
    private static final String DE = "Der Quartalsbericht zeigt, dass der Umsatz in allen Regionen gewachsen ist, und "
            + "das Team erwartet, dass das neue Produkt die Kunden noch vor Jahresende erreicht.";
    private static final String FR = "Le rapport trimestriel montre que le chiffre d'affaires a augmenté dans toutes "
            + "les régions, et l'équipe prévoit que le nouveau produit atteindra les clients avant la fin de l'année.";

    private static Document prose(String text) {
        return new Document("d", text, Map.of("kind", "prose"));
    }

    @Test
    void each_document_is_tagged_with_its_language_and_counted() {
        LanguageId id = new LanguageId(new LanguageConfig(true, List.of("en", "de", "fr", "es"), List.of(), 2000));

        Verdict en = id.apply(prose(EN));
        Verdict de = id.apply(prose(DE));
        Verdict fr = id.apply(prose(FR));

        assertThat(en.document().metadata()).containsEntry("language", "en");
        assertThat(de.document().metadata()).containsEntry("language", "de");
        assertThat(fr.document().metadata()).containsEntry("language", "fr");
        assertThat(de.counts()).isEqualTo(Map.of("de", 1));
    }

    @Test
    void languages_outside_the_keep_list_are_dropped_and_code_never_is() {
        LanguageId id = new LanguageId(new LanguageConfig(true, List.of("en", "de", "fr"), List.of("en"), 2000));

        Verdict de = id.apply(prose(DE));
        Verdict code = id.apply(new Document("X.java", "class X { int anzahlDerKunden; }", Map.of("kind", "code")));

        assertThat(de.reason()).isEqualTo("language-not-kept");
        assertThat(de.detail()).isEqualTo("de");
        assertThat(code.kept()).isTrue();
        assertThat(code.document().metadata()).containsEntry("language", "code");
    }

    @Test
    void an_unknown_language_code_is_a_clear_config_error() {
        assertThatThrownBy(() -> new LanguageId(new LanguageConfig(true, List.of("en", "xx"), List.of(), 100)))
                .hasMessage("unknown ISO 639-1 language code 'xx'");
    }
}
