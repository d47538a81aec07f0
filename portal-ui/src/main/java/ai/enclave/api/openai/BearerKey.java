package ai.enclave.api.openai;

import java.util.Optional;

/**
 * Reads the API key out of an {@code Authorization: Bearer <key>} header, the way OpenAI clients
 * send it. It only parses: whether the key is valid is {@code ApiKeys.authenticate}'s decision.
 */
final class BearerKey {

    private static final String SCHEME = "bearer";

    /** The presented key, or empty when the header is missing, of another scheme, or blank. */
    static Optional<String> from(String authorizationHeader) {
        if (authorizationHeader == null) {
            return Optional.empty();
        }
        String header = authorizationHeader.strip();
        int space = header.indexOf(' ');
        // The scheme name is case-insensitive (RFC 9110, section 11.1); the key is taken as sent.
        if (space <= 0 || !header.substring(0, space).equalsIgnoreCase(SCHEME)) {
            return Optional.empty();
        }
        String key = header.substring(space + 1).strip();
        return key.isEmpty() || key.contains(" ") ? Optional.empty() : Optional.of(key);
    }

    private BearerKey() {}
}
