/*
 * A `serve` job (a deployment): loads the model directory, answers the ServingEndpoint's HTTP API and
 * reports {status, port, backend, memoryBytes, requests} with every heartbeat, until cancellation is
 * asked; then it stops the server and the job ends cancelled, which is how a deployment stops.
 */
package ai.enclave.worker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;

final class ServingJob implements JobRun {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public Outcome run(JsonNode spec, JobContext context) throws Exception {
        Path modelDir = Path.of(SpecFields.required(spec, "modelDir").asText());
        context.progress(JSON.createObjectNode().put("status", "loading"));
        try (ChatModel model = new ChatModel(modelDir);
                ServingEndpoint endpoint = new ServingEndpoint(model)) {
            context.log("serving " + modelDir + " on 127.0.0.1:" + endpoint.port() + " (" + model.backendDescription()
                    + ")");
            // Fresh figures for each heartbeat, until one says stop.
            do {
                context.progress(ready(model, endpoint));
            } while (!context.awaitStop(JobContext.HEARTBEAT.dividedBy(2)));
        }
        return new Outcome.Cancelled();
    }

    private static ObjectNode ready(ChatModel model, ServingEndpoint endpoint) {
        return JSON.createObjectNode()
                .put("status", "ready")
                .put("port", endpoint.port())
                .put("backend", model.backendDescription())
                .put("memoryBytes", model.memoryBytes())
                .put("requests", endpoint.requests());
    }
}
