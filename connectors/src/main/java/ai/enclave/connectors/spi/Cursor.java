package ai.enclave.connectors.spi;

import java.util.Objects;

/**
 * Where the previous sync of a source stopped, as the connector itself wrote it (each connector defines
 * its own format, usually a little JSON). Callers store it and hand it back unchanged; they never parse
 * it. {@link #START} means "read everything".
 */
public record Cursor(String value) {
    public static final Cursor START = new Cursor("");

    public Cursor {
        Objects.requireNonNull(value, "value is null");
    }

    public boolean isStart() {
        return value.isEmpty();
    }
}
