package ai.enclave.runtime.tokenizer;

/**
 * A tokenizer failure the user can act on: a malformed or unsupported tokenizer.json, invalid UTF-8
 * input, a chat template that fails to render. The message names what went wrong and where (file,
 * JSON path, byte offset, template line); the CLI prints it alone.
 */
public class TokenizerException extends RuntimeException {
    public TokenizerException(String message) {
        super(message);
    }

    public TokenizerException(String message, Throwable cause) {
        super(message, cause);
    }
}
