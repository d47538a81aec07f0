package ai.enclave.connectors.spi;

import java.util.Objects;

/**
 * The answer to "can this source be read with this configuration?": a connector's {@code check} returns
 * one instead of throwing, so the portal's "test connection" button can show the message as it is.
 */
public record CheckResult(boolean ok, String message) {
    public CheckResult {
        Objects.requireNonNull(message, "message is null");
    }

    public static CheckResult ok(String message) {
        return new CheckResult(true, message);
    }

    public static CheckResult failed(String message) {
        return new CheckResult(false, message);
    }
}
