package ai.enclave.runtime;

/**
 * A failure the user can act on (bad file, bad setting, not enough memory), carrying one message that
 * names the file or value and the problem. The CLI prints the message alone, never a stack trace.
 */
public class EngineException extends RuntimeException {
    public EngineException(String message) {
        super(message);
    }

    public EngineException(String message, Throwable cause) {
        super(message, cause);
    }
}
