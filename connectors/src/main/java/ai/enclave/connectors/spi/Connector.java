package ai.enclave.connectors.spi;

/**
 * A source of documents, in the shape of Airbyte's source protocol: {@code spec} describes the typed
 * configuration, {@code check} tests it, {@code discover} lists what is there, {@code read} streams
 * documents from a {@link Cursor} so the next sync reads only what changed, and says through
 * {@link DocumentReader#deletions()} what is gone.
 *
 * <p>Implementations are stateless (one instance serves every source of its type) and registered with
 * {@link java.util.ServiceLoader} in {@code META-INF/services/ai.enclave.connectors.spi.Connector};
 * {@link ConnectorRegistry} finds them by {@link ConnectorSpec#type()}. See
 * {@code ai.enclave.connectors.example.ExampleConnector} for the smallest complete one.
 *
 * <p>Ownership: the caller of {@code discover} or {@code read} owns the returned iterator and closes it
 * once, normally in try-with-resources; the connector closes whatever it opened when that happens, also
 * when the caller stops early. A connector reports unreadable items through
 * {@link ConnectorContext#skip} and goes on; it throws ({@link ConnectorException}) only when the
 * source as a whole cannot be read.
 *
 * @param <C> the configuration record, built from JSON by {@link ConnectorRegistry#config}
 */
public interface Connector<C extends Record> {
    ConnectorSpec<C> spec();

    /** Whether the source can be read with this config; never throws for a bad config or an unreachable source. */
    CheckResult check(C config, ConnectorContext context);

    /** The items a read from the start would visit, without their content. */
    CloseableIterator<Item> discover(C config, ConnectorContext context);

    /** Documents changed after {@code cursor} ({@link Cursor#START}: all of them). */
    DocumentReader read(C config, Cursor cursor, ConnectorContext context);
}
