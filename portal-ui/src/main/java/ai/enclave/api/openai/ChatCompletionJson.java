package ai.enclave.api.openai;

import ai.enclave.chat.service.ServingClient;
import ai.enclave.common.Json;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The objects {@code POST /v1/chat/completions} answers with, in OpenAI's shapes: one
 * {@code chat.completion}, or a stream of {@code chat.completion.chunk}s framed as server-sent
 * events. One instance per reply, because every object of a reply repeats its id, creation time and
 * model. Writes JSON text only; sending it is the resource's job.
 *
 * @param id e.g. "chatcmpl-1f0c..."; the same in every chunk of a stream
 * @param created seconds since the epoch
 * @param model the name of the deployment that answers, as GET /v1/models lists it
 */
record ChatCompletionJson(String id, long created, String model) {

    /** The event that ends a stream, as OpenAI sends it. */
    static final String DONE_EVENT = "data: [DONE]\n\n";

    /** One server-sent event carrying {@code json}; compact JSON holds no newline, so one data line. */
    static String event(String json) {
        if (json.indexOf('\n') >= 0 || json.indexOf('\r') >= 0) {
            throw new IllegalArgumentException("an SSE data line cannot hold a line break");
        }
        return "data: " + json + "\n\n";
    }

    /** The whole reply of a non-streaming call. */
    String completion(String content, ServingClient.Outcome outcome) {
        ObjectNode root = header("chat.completion");
        ObjectNode choice = root.putArray("choices").addObject();
        choice.put("index", 0);
        ObjectNode message = choice.putObject("message");
        message.put("role", "assistant");
        message.put("content", content);
        choice.putNull("logprobs");
        choice.put("finish_reason", outcome.finishReason());
        usage(root, outcome);
        return Json.text(root);
    }

    /** The first chunk of a stream: names the speaker, no text yet. */
    String roleChunk() {
        ObjectNode root = header("chat.completion.chunk");
        ObjectNode delta = choice(root).putObject("delta");
        delta.put("role", "assistant");
        delta.put("content", "");
        return Json.text(root);
    }

    /** A piece of the reply's text. */
    String contentChunk(String text) {
        ObjectNode root = header("chat.completion.chunk");
        choice(root).putObject("delta").put("content", text);
        return Json.text(root);
    }

    /** The last chunk with a choice: an empty delta and why generation ended. */
    String finishChunk(String finishReason) {
        ObjectNode root = header("chat.completion.chunk");
        ObjectNode choice = choice(root);
        choice.putObject("delta");
        choice.put("finish_reason", finishReason);
        return Json.text(root);
    }

    /** Sent after the finish chunk when the client asked for {@code stream_options.include_usage}. */
    String usageChunk(ServingClient.Outcome outcome) {
        ObjectNode root = header("chat.completion.chunk");
        root.putArray("choices");
        usage(root, outcome);
        return Json.text(root);
    }

    private ObjectNode header(String object) {
        ObjectNode root = Json.MAPPER.createObjectNode();
        root.put("id", id);
        root.put("object", object);
        root.put("created", created);
        root.put("model", model);
        return root;
    }

    /** The one choice of a chunk, its finish reason null until the last chunk sets it. */
    private static ObjectNode choice(ObjectNode root) {
        ArrayNode choices = root.putArray("choices");
        ObjectNode choice = choices.addObject();
        choice.put("index", 0);
        choice.putNull("logprobs");
        choice.putNull("finish_reason");
        return choice;
    }

    private static void usage(ObjectNode root, ServingClient.Outcome outcome) {
        ObjectNode usage = root.putObject("usage");
        usage.put("prompt_tokens", outcome.promptTokens());
        usage.put("completion_tokens", outcome.completionTokens());
        usage.put("total_tokens", outcome.promptTokens() + outcome.completionTokens());
    }
}
