package ai.enclave.connectors.spi;

import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * What a sync hands every connector besides its config, so the {@link Connector} interface does not grow
 * with each new need: free-form options, the largest item worth reading, and where to report an item
 * that was skipped (corrupt, encrypted, too large, not text) so the run goes on and the report says why.
 */
public record ConnectorContext(Map<String, String> options, long maxItemBytes, BiConsumer<String, String> skipped) {
    /** 256 MB: larger files are almost never prose, and Tika would hold their text in memory. */
    public static final long DEFAULT_MAX_ITEM_BYTES = 256L << 20;

    public ConnectorContext {
        options = Map.copyOf(options);
        Objects.requireNonNull(skipped, "skipped is null");
        if (maxItemBytes <= 0) throw new IllegalArgumentException("maxItemBytes must be positive");
    }

    /** Default limits; skipped items reported to {@code skipped(itemId, reason)}. */
    public static ConnectorContext of(BiConsumer<String, String> skipped) {
        return new ConnectorContext(Map.of(), DEFAULT_MAX_ITEM_BYTES, skipped);
    }

    public void skip(String itemId, String reason) {
        skipped.accept(itemId, reason);
    }
}
