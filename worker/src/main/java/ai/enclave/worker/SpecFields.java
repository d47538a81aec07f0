/*
 * Reading a job's spec JSON: a missing field fails the job with a message naming it, instead of a
 * NullPointerException deep inside a run.
 */
package ai.enclave.worker;

import com.fasterxml.jackson.databind.JsonNode;

final class SpecFields {

    private SpecFields() {}

    static JsonNode required(JsonNode node, String field) {
        JsonNode value = node == null ? null : node.get(field);
        if (value == null || value.isNull()) {
            throw new IllegalArgumentException("the job spec has no \"" + field + "\"");
        }
        return value;
    }

    /** The text of an optional field; null when absent or null. */
    static String optionalText(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
