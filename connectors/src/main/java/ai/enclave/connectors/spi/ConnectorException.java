package ai.enclave.connectors.spi;

/** A source that cannot be read at all (root missing, config invalid); single items are skipped instead. */
public class ConnectorException extends RuntimeException {
    public ConnectorException(String message) {
        super(message);
    }

    public ConnectorException(String message, Throwable cause) {
        super(message, cause);
    }
}
