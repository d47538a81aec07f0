package ai.enclave.connectors.spi;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;

/**
 * The connectors on the class path, found with {@link ServiceLoader} and keyed by type, and the binding
 * of a JSON config object to a connector's config record (unknown fields are errors, so a typo in a
 * config file fails loudly instead of being ignored).
 */
public final class ConnectorRegistry {
    private static final ObjectMapper JSON =
            new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final Map<String, Connector<?>> byType = new TreeMap<>();

    private ConnectorRegistry() {}

    public static ConnectorRegistry load() {
        ConnectorRegistry registry = new ConnectorRegistry();
        for (Connector<?> c : ServiceLoader.load(Connector.class)) {
            Connector<?> previous = registry.byType.put(c.spec().type(), c);
            if (previous != null) {
                throw new IllegalStateException("two connectors of type "
                        + c.spec().type() + ": " + previous.getClass().getName() + " and "
                        + c.getClass().getName());
            }
        }
        return registry;
    }

    public List<String> types() {
        return List.copyOf(byType.keySet());
    }

    public Connector<?> connector(String type) {
        Connector<?> c = byType.get(type);
        if (c == null) throw new ConnectorException("unknown source type '" + type + "' (known: " + types() + ")");
        return c;
    }

    /** Binds {@code config} to the record of the connector of {@code type} and opens a read; the caller closes it. */
    public DocumentReader read(String type, JsonNode config, Cursor cursor, ConnectorContext context) {
        return readTyped(connector(type), config, cursor, context);
    }

    /** Same as {@link #read} for a connection test. */
    public CheckResult check(String type, JsonNode config, ConnectorContext context) {
        return checkTyped(connector(type), config, context);
    }

    private static <C extends Record> DocumentReader readTyped(
            Connector<C> connector, JsonNode json, Cursor cursor, ConnectorContext context) {
        return connector.read(config(connector, json), cursor, context);
    }

    private static <C extends Record> CheckResult checkTyped(
            Connector<C> connector, JsonNode json, ConnectorContext context) {
        try {
            return connector.check(config(connector, json), context);
        } catch (ConnectorException e) {
            return CheckResult.failed(e.getMessage());
        }
    }

    /** Binds a JSON object to the connector's config record. */
    public static <C extends Record> C config(Connector<C> connector, JsonNode json) {
        Class<C> type = connector.spec().configType();
        try {
            return JSON.treeToValue(json, type);
        } catch (Exception e) {
            String detail = e.getMessage() == null
                    ? e.toString()
                    : e.getMessage().lines().findFirst().orElse("");
            throw new ConnectorException(
                    "invalid " + connector.spec().type() + " config (fields "
                            + connector.spec().fields() + "): " + detail,
                    e);
        }
    }
}
