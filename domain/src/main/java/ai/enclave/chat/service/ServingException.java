/*
 * Thrown when a serving worker cannot answer: it refused the request (the conversation is longer than
 * the model reads; the worker's own message is kept), it is unreachable, or it broke the protocol.
 */
package ai.enclave.chat.service;

public class ServingException extends Exception {

    private static final long serialVersionUID = 1L;

    public ServingException(String message) {
        super(message);
    }

    public ServingException(String message, Throwable cause) {
        super(message, cause);
    }
}
