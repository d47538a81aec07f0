package ai.enclave.connectors.store;

import ai.enclave.connectors.spi.CheckResult;
import ai.enclave.connectors.spi.CloseableIterator;
import ai.enclave.connectors.spi.Connector;
import ai.enclave.connectors.spi.ConnectorContext;
import ai.enclave.connectors.spi.ConnectorException;
import ai.enclave.connectors.spi.ConnectorSpec;
import ai.enclave.connectors.spi.Cursor;
import ai.enclave.connectors.spi.Document;
import ai.enclave.connectors.spi.DocumentReader;
import ai.enclave.connectors.spi.Item;
import ai.enclave.connectors.sync.SourceStore;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The live documents of a synced {@link SourceStore}, as they were read from their source (same ids,
 * text and metadata), so the pipeline reads a synced source through the registry like any other. Every
 * read returns the whole store in id order: the store is the local copy, reading it is cheap, and a
 * snapshot needs all of it. Not a way to sync: {@link ai.enclave.connectors.sync.Sync} writes the store,
 * and a read must not run while a sync writes the same store.
 */
public final class StoreConnector implements Connector<StoreConfig> {
    public static final String TYPE = "store";

    @Override
    public ConnectorSpec<StoreConfig> spec() {
        return new ConnectorSpec<>(TYPE, "The documents of a synced source store", StoreConfig.class);
    }

    @Override
    public CheckResult check(StoreConfig config, ConnectorContext context) {
        try (SourceStore store = SourceStore.openReadOnly(Path.of(config.dir()))) {
            return CheckResult.ok(
                    config.dir() + ": " + store.size() + " documents after " + store.commits() + " commits");
        } catch (ConnectorException e) {
            return CheckResult.failed(e.getMessage());
        }
    }

    @Override
    public CloseableIterator<Item> discover(StoreConfig config, ConnectorContext context) {
        List<Item> items = new ArrayList<>();
        try (SourceStore store = SourceStore.openReadOnly(Path.of(config.dir()));
                CloseableIterator<Document> docs = store.documents()) {
            while (docs.hasNext()) {
                Document d = docs.next();
                items.add(new Item(d.id(), d.text().length(), Instant.EPOCH));
            }
        }
        return CloseableIterator.of(items.iterator());
    }

    /** All live documents whatever the cursor; the cursor returned is always {@link Cursor#START}. */
    @Override
    public DocumentReader read(StoreConfig config, Cursor cursor, ConnectorContext context) {
        SourceStore store = SourceStore.openReadOnly(Path.of(config.dir()));
        CloseableIterator<Document> docs = store.documents();
        return new DocumentReader() {
            @Override
            public Cursor cursor() {
                return Cursor.START;
            }

            @Override
            public boolean hasNext() {
                return docs.hasNext();
            }

            @Override
            public Document next() {
                return docs.next();
            }

            @Override
            public void close() {
                docs.close();
                store.close();
            }
        };
    }
}
