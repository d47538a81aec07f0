/*
 * The serving worker's HTTP API on 127.0.0.1 (JDK HttpServer, an ephemeral port): GET /health and
 * POST /generate, which streams the reply as NDJSON, one {"text": piece} line per decoded piece and a
 * last {"done": true, ...} line. One generation at a time (a lock; continuous batching comes later);
 * a client that disconnects stops its generation at the next piece. Only the portal calls it: it has
 * no authentication of its own and must never bind to another interface.
 */
package ai.enclave.worker;

import ai.enclave.runtime.EngineException;
import ai.enclave.runtime.chattemplate.ChatTemplate;
import ai.enclave.runtime.infer.SamplingParams;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

final class ServingEndpoint implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final ChatModel model;
    private final HttpServer server;
    private final ExecutorService threads = Executors.newFixedThreadPool(4);
    private final ReentrantLock generating = new ReentrantLock(true);
    private final AtomicLong requests = new AtomicLong();

    ServingEndpoint(ChatModel model) throws IOException {
        this.model = model;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setExecutor(threads);
        server.createContext("/health", this::health);
        server.createContext("/generate", this::generate);
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** Generate requests answered so far (streams that ended, whether or not the client stayed). */
    long requests() {
        return requests.get();
    }

    private void health(HttpExchange exchange) throws IOException {
        try (exchange) {
            send(exchange, 200, JSON.createObjectNode().put("status", "ready"));
        }
    }

    private void generate(HttpExchange exchange) throws IOException {
        try (exchange) {
            if (!exchange.getRequestMethod().equals("POST")) {
                send(exchange, 405, error("use POST"));
                return;
            }
            JsonNode body;
            try {
                body = JSON.readTree(exchange.getRequestBody());
            } catch (JsonProcessingException e) {
                send(exchange, 400, error("the request body is not valid JSON: " + e.getOriginalMessage()));
                return;
            }
            List<ChatTemplate.Message> messages = messages(body);
            if (messages == null) {
                send(exchange, 400, error("\"messages\" must be a non-empty array of {\"role\", \"content\"} objects"));
                return;
            }
            generating.lock();
            try {
                stream(exchange, body, model.prompt(messages));
            } catch (RuntimeException e) {
                // e.g. a chat template that refuses the roles given (raise_exception)
                if (exchange.getResponseCode() == -1) {
                    send(exchange, 500, error(e.getMessage() == null ? e.toString() : e.getMessage()));
                }
                throw e;
            } finally {
                generating.unlock();
            }
        }
    }

    private void stream(HttpExchange exchange, JsonNode body, int[] prompt) throws IOException {
        if (prompt.length > model.maxPromptTokens()) {
            send(
                    exchange,
                    400,
                    error("the conversation is " + prompt.length + " tokens; this model reads at most "
                            + model.maxPromptTokens()));
            return;
        }
        List<String> stop = new ArrayList<>();
        body.path("stop").forEach(s -> stop.add(s.asText()));
        JsonNode seed = body.get("seed");
        SamplingParams sampling;
        try {
            sampling = model.sampling(
                    prompt.length,
                    body.path("maxTokens").asInt(256),
                    (float) body.path("temperature").asDouble(0.8),
                    (float) body.path("topP").asDouble(1.0),
                    body.path("topK").asInt(0),
                    seed == null || seed.isNull() ? System.nanoTime() : seed.asLong(),
                    stop);
        } catch (EngineException e) {
            send(exchange, 400, error(e.getMessage()));
            return;
        }
        exchange.getResponseHeaders().set("Content-Type", "application/x-ndjson");
        exchange.sendResponseHeaders(200, 0);
        OutputStream out = exchange.getResponseBody();
        try {
            ChatModel.Reply reply = model.generate(
                    prompt, sampling, piece -> line(out, JSON.createObjectNode().put("text", piece)));
            line(
                    out,
                    JSON.createObjectNode()
                            .put("done", true)
                            .put("finishReason", reply.finishReason())
                            .put("promptTokens", reply.promptTokens())
                            .put("completionTokens", reply.completionTokens()));
        } catch (UncheckedIOException e) {
            // the client closed the connection: nothing more to say to it
        } finally {
            requests.incrementAndGet();
        }
    }

    /** Writes one NDJSON line and flushes it, so the piece reaches the client now. */
    private static void line(OutputStream out, ObjectNode value) {
        try {
            out.write((value + "\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The messages, or null when they are missing or malformed. */
    private static List<ChatTemplate.Message> messages(JsonNode body) {
        JsonNode array = body == null ? null : body.get("messages");
        if (array == null || !array.isArray() || array.isEmpty()) {
            return null;
        }
        List<ChatTemplate.Message> messages = new ArrayList<>();
        for (JsonNode m : array) {
            if (!m.path("role").isTextual() || !m.path("content").isTextual()) {
                return null;
            }
            messages.add(new ChatTemplate.Message(
                    m.get("role").asText(), m.get("content").asText()));
        }
        return messages;
    }

    private static ObjectNode error(String message) {
        return JSON.createObjectNode().put("error", message);
    }

    private static void send(HttpExchange exchange, int status, ObjectNode body) throws IOException {
        byte[] bytes = (body + "\n").getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
    }
}
