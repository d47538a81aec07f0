/*
 * A serve job on a tiny model made by the test (random MPT weights, the prepared corpus's tokenizer and
 * chat files): it reports ready with its port, streams replies as NDJSON, answers the same seed with
 * the same text, refuses a conversation longer than the context and malformed JSON with 400, and stops
 * (job cancelled, port closed) when cancellation is asked.
 */
package ai.enclave.worker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.enclave.runtime.io.ModelFiles;
import ai.enclave.runtime.model.ModelConfig;
import ai.enclave.runtime.model.ParameterTensors;
import ai.enclave.runtime.train.TokenizerFiles;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.net.ConnectException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ServingJobIT {

    private static final int CONTEXT = 64;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    /** A started serve job: its id, the thread its worker runs on (with the exit code), and its port. */
    private record Serving(long jobId, Thread worker, AtomicInteger exit, int port) {
        URI uri(String path) {
            return URI.create("http://127.0.0.1:" + port + path);
        }
    }

    @Test
    void a_deployment_streams_replies_and_answers_a_seed_with_the_same_text() throws Exception {
        WorkerTestBed bed = WorkerTestBed.get();
        Serving serving = startServing(bed, "stream");

        HttpResponse<String> health =
                HTTP.send(HttpRequest.newBuilder(serving.uri("/health")).build(), HttpResponse.BodyHandlers.ofString());
        List<JsonNode> first = generate(serving, request("Where do bicycles go?", 7L));
        List<JsonNode> second = generate(serving, request("Where do bicycles go?", 7L));

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(WorkerTestBed.JSON.readTree(health.body()).get("status").asText())
                .isEqualTo("ready");
        JsonNode done = first.getLast();
        assertThat(done.get("done").asBoolean()).isTrue();
        assertThat(done.get("finishReason").asText()).isIn("stop", "length");
        assertThat(done.get("promptTokens").asInt()).isPositive();
        assertThat(done.get("completionTokens").asInt()).isBetween(1, 12);
        assertThat(first.subList(0, first.size() - 1)).allMatch(line -> line.has("text"));
        assertThat(text(second)).isEqualTo(text(first));
        assertThat(second.getLast()).isEqualTo(done);
        JsonNode progress = bed.job(serving.jobId()).progress();
        assertThat(progress.get("port").asInt()).isEqualTo(serving.port());
        assertThat(progress.get("memoryBytes").asLong()).isPositive();
        assertThat(progress.get("backend").asText()).isNotBlank();

        stop(bed, serving);
    }

    @Test
    void a_conversation_longer_than_the_context_malformed_json_and_bad_sampling_are_refused() throws Exception {
        WorkerTestBed bed = WorkerTestBed.get();
        Serving serving = startServing(bed, "refusals");

        HttpResponse<String> tooLong =
                post(serving, request("Please read this. ".repeat(40), 1L).toString());
        HttpResponse<String> malformed = post(serving, "{\"messages\": [");
        HttpResponse<String> noMessages = post(serving, "{\"maxTokens\": 3}");
        HttpResponse<String> negativeTemperature =
                post(serving, request("hi", 1L).put("temperature", -1).toString());

        assertThat(tooLong.statusCode()).isEqualTo(400);
        assertThat(WorkerTestBed.JSON.readTree(tooLong.body()).get("error").asText())
                .matches("the conversation is \\d+ tokens; this model reads at most " + (CONTEXT - 1));
        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.body()).contains("not valid JSON");
        assertThat(noMessages.statusCode()).isEqualTo(400);
        assertThat(noMessages.body()).contains("\\\"messages\\\" must be");
        assertThat(negativeTemperature.statusCode()).isEqualTo(400);
        assertThat(negativeTemperature.body()).contains("temperature");

        stop(bed, serving);
    }

    @Test
    void cancelling_a_deployment_stops_its_server_and_ends_the_job_cancelled() throws Exception {
        WorkerTestBed bed = WorkerTestBed.get();
        Serving serving = startServing(bed, "cancel");

        stop(bed, serving);

        assertThat(bed.job(serving.jobId()).state()).isEqualTo("cancelled");
        assertThat(serving.exit().get()).isZero();
        assertThatThrownBy(() -> HTTP.send(
                        HttpRequest.newBuilder(serving.uri("/health")).build(), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(ConnectException.class);
    }

    @Test
    void a_client_that_disconnects_stops_its_generation() throws Exception {
        WorkerTestBed bed = WorkerTestBed.get();
        Serving serving = startServing(bed, "disconnect", 4096);
        ObjectNode unbounded =
                request("Tell me everything.", 5L).put("temperature", 0).put("maxTokens", 3000);
        generate(serving, unbounded); // once for the JIT, so the timed run below is a warm one
        long started = System.nanoTime();
        JsonNode full = generate(serving, unbounded).getLast();
        double fullSeconds = (System.nanoTime() - started) / 1e9;
        assertThat(full.get("completionTokens").asInt())
                .as("greedy decoding ran to the limit")
                .isEqualTo(3000);

        try (Socket socket = new Socket("127.0.0.1", serving.port())) {
            byte[] body = unbounded.toString().getBytes(StandardCharsets.UTF_8);
            socket.getOutputStream()
                    .write(("POST /generate HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                                    + "Content-Length: " + body.length + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().write(body);
            assertThat(new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII))
                    .isEqualTo("HTTP/1.1 200");
        }
        started = System.nanoTime();
        generate(serving, request("hi", 1L).put("maxTokens", 1));
        double nextSeconds = (System.nanoTime() - started) / 1e9;

        // The next request waits for the lock; had the abandoned generation gone on, that is a full run.
        assertThat(nextSeconds).as("a full run took %.3f s", fullSeconds).isLessThan(fullSeconds / 2);
        stop(bed, serving);
    }

    /** Enqueues a serve job for a fresh tiny model, runs its worker on a thread, waits until it is ready. */
    private static Serving startServing(WorkerTestBed bed, String name) throws Exception {
        return startServing(bed, name, CONTEXT);
    }

    private static Serving startServing(WorkerTestBed bed, String name, int context) throws Exception {
        Path model = tinyModel(bed, bed.root.resolve("models").resolve(name), context);
        ObjectNode spec = WorkerTestBed.JSON
                .createObjectNode()
                .put("modelDir", model.toString())
                .put("deploymentId", 1);
        long id = bed.enqueue("serve", spec);
        AtomicInteger exit = new AtomicInteger(-1);
        Thread worker = Thread.ofPlatform().start(() -> exit.set(bed.runWorker(id)));
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (System.nanoTime() < deadline) {
            JsonNode progress = bed.job(id).progress();
            if (progress != null && progress.path("status").asText().equals("ready")) {
                return new Serving(id, worker, exit, progress.get("port").asInt());
            }
            assertThat(worker.isAlive())
                    .as("the serve worker ended early: %s", bed.job(id).error())
                    .isTrue();
            Thread.sleep(100);
        }
        throw new AssertionError("the serve job did not report ready within 30 s");
    }

    private static void stop(WorkerTestBed bed, Serving serving) throws InterruptedException {
        bed.requestCancel(serving.jobId());
        serving.worker().join(15_000);
        assertThat(serving.worker().isAlive()).isFalse();
    }

    /** Random weights for a 2-layer MPT with the prepared tokenizer and its chat files. */
    private static Path tinyModel(WorkerTestBed bed, Path dir, int context) throws IOException {
        WorkerTestBed.Prepared prepared = bed.prepared();
        Files.createDirectories(dir);
        ObjectNode config = TrainingJobIT.spec(prepared, dir).with("modelConfig");
        config.put("max_seq_len", context);
        WorkerTestBed.JSON.writeValue(dir.resolve(ModelFiles.CONFIG).toFile(), config);
        ModelConfig modelConfig = ModelFiles.readConfig(dir);
        try (Arena arena = Arena.ofConfined()) {
            ParameterTensors params = new ParameterTensors(modelConfig, arena);
            params.randomInit(3);
            ModelFiles.save(dir, params);
        }
        TokenizerFiles.load(prepared.tokenizer(), modelConfig).writeInto(dir);
        return dir;
    }

    private static ObjectNode request(String content, Long seed) {
        ObjectNode body = WorkerTestBed.JSON.createObjectNode();
        body.putArray("messages").addObject().put("role", "user").put("content", content);
        body.put("maxTokens", 12)
                .put("temperature", 0.8)
                .put("topP", 0.95)
                .put("topK", 0)
                .put("seed", seed);
        return body;
    }

    private static List<JsonNode> generate(Serving serving, ObjectNode body) throws Exception {
        HttpResponse<java.util.stream.Stream<String>> response = HTTP.send(
                HttpRequest.newBuilder(serving.uri("/generate"))
                        .POST(HttpRequest.BodyPublishers.ofString(body.toString()))
                        .build(),
                HttpResponse.BodyHandlers.ofLines());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/x-ndjson");
        List<JsonNode> lines = new ArrayList<>();
        for (String line : response.body().toList()) {
            lines.add(WorkerTestBed.JSON.readTree(line));
        }
        return lines;
    }

    private static HttpResponse<String> post(Serving serving, String body) throws Exception {
        return HTTP.send(
                HttpRequest.newBuilder(serving.uri("/generate"))
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String text(List<JsonNode> lines) {
        StringBuilder text = new StringBuilder();
        lines.stream()
                .filter(line -> line.has("text"))
                .forEach(line -> text.append(line.get("text").asText()));
        return text.toString();
    }
}
