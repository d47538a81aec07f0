package ai.enclave.connectors.example;

import static org.assertj.core.api.Assertions.assertThat;

import ai.enclave.connectors.spi.ConnectorContext;
import ai.enclave.connectors.spi.Cursor;
import ai.enclave.connectors.spi.DocumentReader;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ExampleConnectorTest {
    private final ExampleConnector connector = new ExampleConnector();
    private final ConnectorContext context = ConnectorContext.of((id, reason) -> {});

    @Test
    void a_sync_from_the_stored_cursor_reads_only_texts_added_since() {
        Cursor cursor;
        try (DocumentReader r = connector.read(new ExampleConfig(List.of("a", "b")), Cursor.START, context)) {
            r.forEachRemaining(d -> {});
            cursor = r.cursor();
        }

        List<String> second = new ArrayList<>();
        try (DocumentReader r = connector.read(new ExampleConfig(List.of("a", "b", "c")), cursor, context)) {
            r.forEachRemaining(d -> second.add(d.text()));
        }

        assertThat(second).containsExactly("c");
    }

    @Test
    void discovery_lists_items_with_the_ids_their_documents_carry() {
        var config = new ExampleConfig(List.of("x", "yy"));
        List<String> discovered = new ArrayList<>();
        try (var items = connector.discover(config, context)) {
            items.forEachRemaining(i -> discovered.add(i.id()));
        }
        List<String> read = new ArrayList<>();
        try (DocumentReader r = connector.read(config, Cursor.START, context)) {
            r.forEachRemaining(d -> read.add(d.id()));
        }

        assertThat(discovered).isEqualTo(read).containsExactly("text-0", "text-1");
    }

    @Test
    void check_answers_an_empty_config_with_a_message_instead_of_throwing() {
        var result = connector.check(new ExampleConfig(null), context);

        assertThat(result.ok()).isFalse();
        assertThat(result.message()).isEqualTo("no texts configured");
    }
}
