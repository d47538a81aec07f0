package ai.enclave.connectors.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.enclave.connectors.directory.DirectoryConfig;
import ai.enclave.connectors.directory.DirectoryConnector;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConnectorRegistryTest {
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void every_connector_registered_with_the_service_loader_is_found_by_type() {
        assertThat(ConnectorRegistry.load().types())
                .containsExactly("directory", "example", "git", "jdbc", "jsonl", "store", "web");
    }

    @Test
    void a_json_object_binds_to_the_connector_config_record() throws Exception {
        DirectoryConfig config = ConnectorRegistry.config(
                new DirectoryConnector(), json.readTree("{\"root\": \"/srv/share\", \"include\": [\"**/*.md\"]}"));

        assertThat(config).isEqualTo(new DirectoryConfig("/srv/share", List.of("**/*.md"), List.of()));
    }

    @Test
    void a_misspelt_config_field_fails_naming_the_fields_the_connector_knows() throws Exception {
        var typo = json.readTree("{\"root\": \"/srv/share\", \"inclde\": [\"*.md\"]}");

        assertThatThrownBy(() -> ConnectorRegistry.config(new DirectoryConnector(), typo))
                .isInstanceOf(ConnectorException.class)
                .hasMessageContaining("invalid directory config (fields [root, include, exclude])")
                .hasMessageContaining("inclde");
    }

    @Test
    void an_unknown_source_type_names_the_known_types() {
        assertThatThrownBy(() -> ConnectorRegistry.load().connector("ftp"))
                .hasMessage("unknown source type 'ftp' (known: [directory, example, git, jdbc, jsonl, store, web])");
    }

    @Test
    void check_through_the_registry_turns_a_bad_config_into_a_failed_status() throws Exception {
        CheckResult result = ConnectorRegistry.load()
                .check("directory", json.readTree("{\"nope\": 1}"), ConnectorContext.of((a, b) -> {}));

        assertThat(result.ok()).isFalse();
        assertThat(result.message()).startsWith("invalid directory config");
    }
}
