package ai.enclave.api.openai;

import ai.enclave.chat.service.ServingClient;
import ai.enclave.common.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * The body of {@code POST /v1/chat/completions}, read from JSON with a 400 naming the field for
 * anything wrong. What these models cannot do (several choices, tool calls) is refused rather than
 * silently dropped; other fields OpenAI clients send (user, logprobs: false, ...) are ignored.
 * Defaults follow OpenAI's documented ones (temperature 1, top_p 1).
 *
 * @param maxTokens the most tokens to generate; the worker also stops at the model's context
 * @param includeUsage {@code stream_options.include_usage}: a streamed reply ends with a usage chunk
 */
record ChatCompletionRequest(
        String model,
        List<ServingClient.Message> messages,
        int maxTokens,
        double temperature,
        double topP,
        Long seed,
        List<String> stop,
        boolean stream,
        boolean includeUsage) {

    /** When the client names no limit: enough for a paragraph, small enough for a CPU model. */
    static final int DEFAULT_MAX_TOKENS = 256;

    /** OpenAI accepts at most four stop sequences. */
    static final int MAX_STOP_SEQUENCES = 4;

    /** The sampling options handed to the serving worker; top-k is not part of OpenAI's API. */
    ServingClient.Options options() {
        return new ServingClient.Options(maxTokens, temperature, topP, 0, seed, stop);
    }

    static ChatCompletionRequest parse(String body) {
        JsonNode root;
        try {
            root = body == null || body.isBlank() ? null : Json.MAPPER.readTree(body);
        } catch (JsonProcessingException e) {
            throw OpenAiError.badField(null, "The request body is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw OpenAiError.badField(
                    null, "The request body must be a JSON object, sent with Content-Type: application/json.");
        }
        refuseUnsupported(root);
        return new ChatCompletionRequest(
                model(root),
                messages(root.get("messages")),
                maxTokens(root),
                number(root, "temperature", 1.0, 0.0, 2.0),
                topP(root),
                seed(root.get("seed")),
                stop(root.get("stop")),
                flag(root, "stream"),
                flag(root.path("stream_options"), "include_usage"));
    }

    private static String model(JsonNode root) {
        JsonNode model = root.get("model");
        if (model == null || !model.isTextual() || model.asText().isBlank()) {
            throw OpenAiError.badField("model", "'model' is required: the name of a deployed model.");
        }
        return model.asText().strip();
    }

    private static List<ServingClient.Message> messages(JsonNode messages) {
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            throw OpenAiError.badField("messages", "'messages' is required: a non-empty array of messages.");
        }
        List<ServingClient.Message> read = new ArrayList<>();
        for (int i = 0; i < messages.size(); i++) {
            read.add(message(messages.get(i), "messages[" + i + "]"));
        }
        return read;
    }

    private static ServingClient.Message message(JsonNode message, String where) {
        if (!message.isObject()) {
            throw OpenAiError.badField(where, "'" + where + "' must be an object with a role and a content.");
        }
        JsonNode role = message.get("role");
        String name = role == null || !role.isTextual() ? "" : role.asText();
        String mapped = switch (name) {
            case "system", "user", "assistant" -> name;
            // OpenAI's newer name for system instructions.
            case "developer" -> "system";
            default ->
                throw OpenAiError.badField(
                        where + ".role", "'" + where + ".role' must be one of system, developer, user, assistant.");
        };
        return new ServingClient.Message(mapped, content(message.get("content"), where + ".content"));
    }

    /** A string, or OpenAI's array of content parts of which only text parts are understood. */
    private static String content(JsonNode content, String where) {
        if (content == null || content.isNull()) {
            return "";
        }
        if (content.isTextual()) {
            return content.asText();
        }
        if (!content.isArray()) {
            throw OpenAiError.badField(where, "'" + where + "' must be a string or an array of text parts.");
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < content.size(); i++) {
            JsonNode part = content.get(i);
            if (!"text".equals(part.path("type").asText()) || !part.path("text").isTextual()) {
                throw OpenAiError.badField(
                        where + "[" + i + "]",
                        "'" + where + "[" + i + "]' must be a text part; only text is supported.");
            }
            text.append(part.get("text").asText());
        }
        return text.toString();
    }

    private static int maxTokens(JsonNode root) {
        // max_completion_tokens is the newer name for the same limit.
        String field = root.hasNonNull("max_completion_tokens") ? "max_completion_tokens" : "max_tokens";
        JsonNode value = root.get(field);
        if (value == null || value.isNull()) {
            return DEFAULT_MAX_TOKENS;
        }
        if (!value.canConvertToInt() || !value.isIntegralNumber() || value.asInt() < 1) {
            throw OpenAiError.badField(field, "'" + field + "' must be a whole number of at least 1.");
        }
        return value.asInt();
    }

    private static double topP(JsonNode root) {
        double topP = number(root, "top_p", 1.0, 0.0, 1.0);
        if (topP == 0.0) {
            throw OpenAiError.badField("top_p", "'top_p' must be above 0 and at most 1.");
        }
        return topP;
    }

    private static double number(JsonNode root, String field, double absent, double min, double max) {
        JsonNode value = root.get(field);
        if (value == null || value.isNull()) {
            return absent;
        }
        if (!value.isNumber() || value.asDouble() < min || value.asDouble() > max) {
            throw OpenAiError.badField(field, "'" + field + "' must be a number from " + min + " to " + max + ".");
        }
        return value.asDouble();
    }

    private static Long seed(JsonNode seed) {
        if (seed == null || seed.isNull()) {
            return null;
        }
        if (!seed.isIntegralNumber() || !seed.canConvertToLong()) {
            throw OpenAiError.badField("seed", "'seed' must be a whole number.");
        }
        return seed.asLong();
    }

    private static List<String> stop(JsonNode stop) {
        if (stop == null || stop.isNull()) {
            return List.of();
        }
        if (stop.isTextual()) {
            return List.of(stop.asText());
        }
        if (!stop.isArray() || stop.size() > MAX_STOP_SEQUENCES) {
            throw OpenAiError.badField(
                    "stop", "'stop' must be a string or an array of at most " + MAX_STOP_SEQUENCES + " strings.");
        }
        List<String> sequences = new ArrayList<>();
        for (JsonNode sequence : stop) {
            if (!sequence.isTextual() || sequence.asText().isEmpty()) {
                throw OpenAiError.badField("stop", "'stop' must hold non-empty strings only.");
            }
            sequences.add(sequence.asText());
        }
        return List.copyOf(sequences);
    }

    private static boolean flag(JsonNode root, String field) {
        JsonNode value = root.get(field);
        if (value == null || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            throw OpenAiError.badField(field, "'" + field + "' must be true or false.");
        }
        return value.asBoolean();
    }

    private static void refuseUnsupported(JsonNode root) {
        JsonNode n = root.get("n");
        if (n != null && !n.isNull() && !(n.isIntegralNumber() && n.asInt() == 1)) {
            throw OpenAiError.badField("n", "'n' must be 1: one choice per request is supported.");
        }
        for (String field : List.of("tools", "functions", "tool_choice", "function_call")) {
            JsonNode value = root.get(field);
            if (value != null
                    && !value.isNull()
                    && !(value.isArray() && value.isEmpty())
                    && !"none".equals(value.asText())) {
                throw OpenAiError.badField(field, "'" + field + "' is not supported: these models do not call tools.");
            }
        }
    }
}
