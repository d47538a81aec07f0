/*
 * Talks to a serving worker over its local HTTP API: POST /generate with the messages and sampling
 * options, then one JSON line per generated piece of text and a last line saying why it stopped
 * (protocol in worker/README.md). Streams each piece to a callback as it arrives; when the caller
 * cancels, the connection is closed, which stops generation in the worker. Plain java.net.http; no
 * CDI, no retries (a request that failed is the user's to send again).
 */
package ai.enclave.chat.service;

import ai.enclave.common.Json;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

public final class ServingClient {

    /** One chat message as the model's chat template reads it; role is system, user or assistant. */
    public record Message(String role, String content) {
        public Message {
            Objects.requireNonNull(role, "role is null");
            Objects.requireNonNull(content, "content is null");
        }
    }

    /**
     * Sampling options as the worker takes them.
     *
     * @param topK 0 = off
     * @param seed {@code null} for a random seed
     * @param stop strings that end the reply when generated
     */
    public record Options(int maxTokens, double temperature, double topP, int topK, Long seed, List<String> stop) {
        public Options {
            stop = stop == null ? List.of() : List.copyOf(stop);
        }
    }

    /** Why generation ended ("stop" or "length", or "cancelled" when the caller stopped it) and the counts. */
    public record Outcome(String finishReason, int promptTokens, int completionTokens) {}

    /** The finish reason reported when the caller's cancel check stopped the stream. */
    public static final String CANCELLED = "cancelled";

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build();

    /**
     * Generates a reply, handing each piece of text to {@code onText} as it arrives. {@code cancelled}
     * is asked between pieces; once it says true the connection is closed and the outcome's finish
     * reason is {@link #CANCELLED} (completion tokens: the pieces received).
     *
     * @throws ServingException with the worker's message when it refused the request (e.g. the
     *     conversation is longer than the model reads), or when it is unreachable or broke the protocol
     */
    public Outcome stream(
            URI endpoint, List<Message> messages, Options o, Consumer<String> onText, BooleanSupplier cancelled)
            throws ServingException {
        HttpRequest request = HttpRequest.newBuilder(endpoint.resolve("/generate"))
                .header("Content-Type", "application/json")
                .header("Accept", "application/x-ndjson")
                .POST(HttpRequest.BodyPublishers.ofString(requestBody(messages, o), StandardCharsets.UTF_8))
                .build();
        HttpResponse<InputStream> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        } catch (ConnectException e) {
            throw new ServingException("the model at " + endpoint + " is not reachable", e);
        } catch (IOException e) {
            throw new ServingException("the model at " + endpoint + " did not answer: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServingException("interrupted while waiting for the model", e);
        }
        // Closing the body closes the connection, which is how the worker learns to stop.
        try (InputStream body = response.body();
                BufferedReader lines = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
            if (response.statusCode() != 200) {
                throw new ServingException(errorMessage(response.statusCode(), lines));
            }
            int pieces = 0;
            String line;
            while (!cancelled.getAsBoolean() && (line = lines.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node = parse(line);
                if (node.path("done").asBoolean(false)) {
                    return new Outcome(
                            node.path("finishReason").asText("stop"),
                            node.path("promptTokens").asInt(),
                            node.path("completionTokens").asInt());
                }
                if (node.hasNonNull("error")) {
                    throw new ServingException(node.get("error").asText());
                }
                JsonNode text = node.get("text");
                if (text == null || !text.isTextual()) {
                    throw new ServingException("the model sent a line without text: " + line);
                }
                onText.accept(text.asText());
                pieces++;
            }
            if (cancelled.getAsBoolean()) {
                return new Outcome(CANCELLED, 0, pieces);
            }
            throw new ServingException("the model's reply ended without its last line");
        } catch (IOException e) {
            throw new ServingException("the model's reply broke off: " + e.getMessage(), e);
        }
    }

    private static String requestBody(List<Message> messages, Options o) {
        ObjectNode body = Json.MAPPER.createObjectNode();
        ArrayNode list = body.putArray("messages");
        for (Message m : messages) {
            list.addObject().put("role", m.role()).put("content", m.content());
        }
        body.put("maxTokens", o.maxTokens())
                .put("temperature", o.temperature())
                .put("topP", o.topP())
                .put("topK", o.topK());
        if (o.seed() == null) {
            body.putNull("seed");
        } else {
            body.put("seed", o.seed());
        }
        ArrayNode stop = body.putArray("stop");
        o.stop().forEach(stop::add);
        return Json.text(body);
    }

    /** The worker's {"error": "..."} when it sent one, else the status and what came. */
    private static String errorMessage(int status, BufferedReader lines) throws IOException {
        StringBuilder text = new StringBuilder();
        String line;
        while ((line = lines.readLine()) != null && text.length() < 4000) {
            text.append(line);
        }
        try {
            JsonNode node = Json.MAPPER.readTree(text.toString());
            if (node != null && node.hasNonNull("error")) {
                return node.get("error").asText();
            }
        } catch (JsonProcessingException e) {
            // not JSON: fall through to the raw text
        }
        return "the model answered " + status + (text.isEmpty() ? "" : ": " + text);
    }

    private static JsonNode parse(String line) throws ServingException {
        try {
            return Json.MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            throw new ServingException("the model sent a line that is not JSON: " + line, e);
        }
    }
}
