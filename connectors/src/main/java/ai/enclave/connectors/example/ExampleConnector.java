package ai.enclave.connectors.example;

import ai.enclave.connectors.spi.CheckResult;
import ai.enclave.connectors.spi.CloseableIterator;
import ai.enclave.connectors.spi.Connector;
import ai.enclave.connectors.spi.ConnectorContext;
import ai.enclave.connectors.spi.ConnectorSpec;
import ai.enclave.connectors.spi.Cursor;
import ai.enclave.connectors.spi.Document;
import ai.enclave.connectors.spi.DocumentReader;
import ai.enclave.connectors.spi.Item;
import java.time.Instant;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.stream.IntStream;

/**
 * The smallest complete connector, kept as living documentation of the SPI (copy its shape to add one):
 * a typed config record, a check that answers instead of throwing, discovery, and a read whose cursor is
 * simply how many texts were already emitted, so a sync after texts were appended emits only the new
 * ones. Registered in {@code META-INF/services/ai.enclave.connectors.spi.Connector} like any other.
 * Not meant for real data.
 */
public final class ExampleConnector implements Connector<ExampleConfig> {
    @Override
    public ConnectorSpec<ExampleConfig> spec() {
        return new ConnectorSpec<>("example", "Texts given in the config (SPI example)", ExampleConfig.class);
    }

    @Override
    public CheckResult check(ExampleConfig config, ConnectorContext context) {
        return config.texts().isEmpty()
                ? CheckResult.failed("no texts configured")
                : CheckResult.ok(config.texts().size() + " texts");
    }

    @Override
    public CloseableIterator<Item> discover(ExampleConfig config, ConnectorContext context) {
        return CloseableIterator.of(IntStream.range(0, config.texts().size())
                .mapToObj(i -> new Item("text-" + i, config.texts().get(i).length(), Instant.EPOCH))
                .iterator());
    }

    @Override
    public DocumentReader read(ExampleConfig config, Cursor cursor, ConnectorContext context) {
        int start = cursor.isStart() ? 0 : Integer.parseInt(cursor.value());
        return new DocumentReader() {
            private int position = start;

            @Override
            public boolean hasNext() {
                return position < config.texts().size();
            }

            @Override
            public Document next() {
                if (!hasNext()) throw new NoSuchElementException();
                int i = position++;
                return new Document("text-" + i, config.texts().get(i), Map.of("source_type", "example"));
            }

            @Override
            public Cursor cursor() {
                return new Cursor(Integer.toString(position));
            }

            @Override
            public void close() {
                // nothing is held open; a connector reading files or sockets closes them here
            }
        };
    }
}
