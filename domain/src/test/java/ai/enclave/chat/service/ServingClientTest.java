/*
 * ServingClient against a small HTTP server started by the test that speaks the serving worker's
 * protocol: POST /generate answered with one {"text"} line per piece and a last {"done"} line, or 400
 * with {"error"}. Checks what the client sends, what it hands over, and that cancelling closes the
 * connection (the server's next write fails, which is how the worker learns to stop).
 */
package ai.enclave.chat.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.enclave.common.Json;
import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ServingClientTest {

    private static final List<ServingClient.Message> HELLO = List.of(new ServingClient.Message("user", "hi"));
    private static final ServingClient.Options OPTIONS =
            new ServingClient.Options(16, 0.8, 0.95, 0, 42L, List.of("\n\n"));

    private final ServingClient client = new ServingClient();
    private HttpServer server;

    @AfterEach
    void stopServer() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void pieces_arrive_in_order_and_the_last_line_gives_the_outcome() throws Exception {
        AtomicReference<JsonNode> received = new AtomicReference<>();
        URI endpoint = serve(exchange -> {
            received.set(Json.MAPPER.readTree(exchange.getRequestBody()));
            OutputStream out = ndjson(exchange);
            for (String piece : List.of("Hel", "lo", "!")) {
                line(out, "{\"text\":" + Json.MAPPER.writeValueAsString(piece) + "}");
            }
            line(out, "{\"done\":true,\"finishReason\":\"stop\",\"promptTokens\":5,\"completionTokens\":3}");
            out.close();
        });
        List<String> pieces = new ArrayList<>();

        ServingClient.Outcome outcome = client.stream(endpoint, HELLO, OPTIONS, pieces::add, () -> false);

        assertThat(pieces).containsExactly("Hel", "lo", "!");
        assertThat(outcome).isEqualTo(new ServingClient.Outcome("stop", 5, 3));
        JsonNode body = received.get();
        assertThat(body.path("messages").get(0).path("role").asText()).isEqualTo("user");
        assertThat(body.path("messages").get(0).path("content").asText()).isEqualTo("hi");
        assertThat(body.path("maxTokens").asInt()).isEqualTo(16);
        assertThat(body.path("seed").asLong()).isEqualTo(42L);
        assertThat(body.path("stop").get(0).asText()).isEqualTo("\n\n");
    }

    @Test
    void a_refusal_from_the_worker_carries_its_message() throws Exception {
        URI endpoint = serve(exchange -> {
            byte[] body = "{\"error\":\"the conversation is 900 tokens; this model reads at most 511\"}"
                    .getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(400, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });

        assertThatThrownBy(() -> client.stream(endpoint, HELLO, OPTIONS, piece -> {}, () -> false))
                .isInstanceOf(ServingException.class)
                .hasMessage("the conversation is 900 tokens; this model reads at most 511");
    }

    @Test
    void cancelling_closes_the_stream_so_the_worker_stops_writing() throws Exception {
        CountDownLatch writeFailed = new CountDownLatch(1);
        URI endpoint = serve(exchange -> {
            OutputStream out = ndjson(exchange);
            try {
                // a reply that would go on for a long time
                for (int i = 0; i < 10_000; i++) {
                    line(out, "{\"text\":\"piece " + i + " \"}");
                    Thread.sleep(5);
                }
            } catch (IOException e) {
                writeFailed.countDown();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        List<String> pieces = new ArrayList<>();

        ServingClient.Outcome outcome = client.stream(endpoint, HELLO, OPTIONS, pieces::add, () -> pieces.size() >= 3);

        assertThat(pieces).containsExactly("piece 0 ", "piece 1 ", "piece 2 ");
        assertThat(outcome.finishReason()).isEqualTo(ServingClient.CANCELLED);
        assertThat(outcome.completionTokens()).isEqualTo(3);
        assertThat(writeFailed.await(20, TimeUnit.SECONDS))
                .as("the server's writes fail once the client closed")
                .isTrue();
    }

    @Test
    void a_worker_that_is_not_listening_is_reported_unreachable() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        URI endpoint = URI.create("http://127.0.0.1:" + closedPort);

        assertThatThrownBy(() -> client.stream(endpoint, HELLO, OPTIONS, piece -> {}, () -> false))
                .isInstanceOf(ServingException.class)
                .hasMessageContaining("is not reachable");
    }

    @Test
    void a_reply_cut_off_before_its_last_line_is_an_error() throws Exception {
        URI endpoint = serve(exchange -> {
            OutputStream out = ndjson(exchange);
            line(out, "{\"text\":\"half\"}");
            out.close();
        });

        assertThatThrownBy(() -> client.stream(endpoint, HELLO, OPTIONS, piece -> {}, () -> false))
                .isInstanceOf(ServingException.class)
                .hasMessage("the model's reply ended without its last line");
    }

    private interface Handler {
        void handle(HttpExchange exchange) throws IOException;
    }

    private URI serve(Handler handler) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/generate", exchange -> {
            if (!exchange.getRequestMethod().equals("POST")) {
                exchange.sendResponseHeaders(405, -1);
                exchange.close();
                return;
            }
            handler.handle(exchange);
        });
        server.start();
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private static OutputStream ndjson(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "application/x-ndjson");
        exchange.sendResponseHeaders(200, 0); // chunked
        return exchange.getResponseBody();
    }

    private static void line(OutputStream out, String json) throws IOException {
        out.write((json + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
    }
}
