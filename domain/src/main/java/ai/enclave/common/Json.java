/*
 * The one Jackson ObjectMapper of the domain services and small helpers around it: job specs and
 * results, config.json files and the jsonb columns are JSON text, read into trees where a service
 * needs a value. Not an object mapping layer: entities keep their jsonb as String.
 */
package ai.enclave.common;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

public final class Json {

    /** Thread-safe once configured; never reconfigured. */
    public static final ObjectMapper MAPPER = new ObjectMapper();

    private Json() {}

    /**
     * @param what names the value in the message, e.g. "config"
     * @throws IllegalArgumentException when the text is not a JSON object
     */
    public static ObjectNode object(String text, String what) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(what + " is empty, a JSON object is expected");
        }
        JsonNode node;
        try {
            node = MAPPER.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(what + " is not valid JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException(what + " must be a JSON object");
        }
        return (ObjectNode) node;
    }

    /** Compact JSON text of a tree. */
    public static String text(JsonNode node) {
        try {
            return MAPPER.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree could not be written", e);
        }
    }
}
