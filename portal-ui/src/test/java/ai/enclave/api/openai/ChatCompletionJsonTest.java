package ai.enclave.api.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.enclave.chat.service.ServingClient;
import ai.enclave.common.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The objects the API answers with, in the shapes OpenAI documents and its clients read. */
class ChatCompletionJsonTest {

    private final ChatCompletionJson reply = new ChatCompletionJson("chatcmpl-1", 1_700_000_000L, "handbook");
    private final ServingClient.Outcome outcome = new ServingClient.Outcome("length", 12, 24);

    @Test
    void a_whole_reply_is_one_chat_completion_with_usage() throws Exception {
        JsonNode completion = Json.MAPPER.readTree(reply.completion("and seven years", outcome));

        assertThat(completion.path("id").asText()).isEqualTo("chatcmpl-1");
        assertThat(completion.path("object").asText()).isEqualTo("chat.completion");
        assertThat(completion.path("created").asLong()).isEqualTo(1_700_000_000L);
        assertThat(completion.path("model").asText()).isEqualTo("handbook");
        JsonNode choice = completion.path("choices").get(0);
        assertThat(completion.path("choices").size()).isEqualTo(1);
        assertThat(choice.path("index").asInt()).isZero();
        assertThat(choice.path("message").path("role").asText()).isEqualTo("assistant");
        assertThat(choice.path("message").path("content").asText()).isEqualTo("and seven years");
        assertThat(choice.path("finish_reason").asText()).isEqualTo("length");
        assertThat(completion.path("usage").path("prompt_tokens").asInt()).isEqualTo(12);
        assertThat(completion.path("usage").path("completion_tokens").asInt()).isEqualTo(24);
        assertThat(completion.path("usage").path("total_tokens").asInt()).isEqualTo(36);
    }

    @Test
    void a_stream_names_the_speaker_then_sends_text_then_why_it_ended() throws Exception {
        JsonNode first = Json.MAPPER.readTree(reply.roleChunk());
        JsonNode piece = Json.MAPPER.readTree(reply.contentChunk(" seven"));
        JsonNode last = Json.MAPPER.readTree(reply.finishChunk("stop"));

        for (JsonNode chunk : List.of(first, piece, last)) {
            assertThat(chunk.path("object").asText()).isEqualTo("chat.completion.chunk");
            assertThat(chunk.path("id").asText()).isEqualTo("chatcmpl-1");
            assertThat(chunk.path("model").asText()).isEqualTo("handbook");
            assertThat(chunk.path("created").asLong()).isEqualTo(1_700_000_000L);
            assertThat(chunk.path("choices").get(0).path("index").asInt()).isZero();
        }
        assertThat(first.path("choices").get(0).path("delta").path("role").asText())
                .isEqualTo("assistant");
        assertThat(first.path("choices").get(0).path("finish_reason").isNull()).isTrue();
        assertThat(piece.path("choices").get(0).path("delta").path("content").asText())
                .isEqualTo(" seven");
        assertThat(piece.path("choices").get(0).path("delta").has("role")).isFalse();
        assertThat(piece.path("choices").get(0).path("finish_reason").isNull()).isTrue();
        assertThat(last.path("choices").get(0).path("delta").isEmpty()).isTrue();
        assertThat(last.path("choices").get(0).path("finish_reason").asText()).isEqualTo("stop");
    }

    @Test
    void the_usage_chunk_has_no_choice_and_the_counts() throws Exception {
        JsonNode usage = Json.MAPPER.readTree(reply.usageChunk(outcome));

        assertThat(usage.path("choices").isArray()).isTrue();
        assertThat(usage.path("choices").isEmpty()).isTrue();
        assertThat(usage.path("usage").path("total_tokens").asInt()).isEqualTo(36);
    }

    @Test
    void each_event_is_one_data_line_and_a_blank_line_and_the_stream_ends_with_done() {
        String text = "line one\nline two \"quoted\"";
        String event = ChatCompletionJson.event(reply.contentChunk(text));

        assertThat(event).startsWith("data: {").endsWith("}\n\n");
        assertThat(event.substring(0, event.length() - 2)).doesNotContain("\n");
        assertThat(ChatCompletionJson.DONE_EVENT).isEqualTo("data: [DONE]\n\n");
    }

    @Test
    void text_with_a_line_break_cannot_be_framed_as_one_event() {
        assertThatThrownBy(() -> ChatCompletionJson.event("{\n}")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void the_model_list_names_each_deployment_as_a_model() throws Exception {
        JsonNode list = Json.MAPPER.readTree(ModelJson.list(List.of(
                new ModelJson("handbook", Instant.ofEpochSecond(1_700_000_000L)),
                new ModelJson("wiki", Instant.ofEpochSecond(1_700_000_100L)))));

        assertThat(list.path("object").asText()).isEqualTo("list");
        assertThat(list.path("data").size()).isEqualTo(2);
        JsonNode first = list.path("data").get(0);
        assertThat(first.path("id").asText()).isEqualTo("handbook");
        assertThat(first.path("object").asText()).isEqualTo("model");
        assertThat(first.path("created").asLong()).isEqualTo(1_700_000_000L);
        assertThat(first.path("owned_by").asText()).isEqualTo("enclave");
        assertThat(list.path("data").get(1).path("id").asText()).isEqualTo("wiki");
    }

    @Test
    void a_missing_or_wrong_key_gets_openais_invalid_api_key_error() {
        OpenAiError error = OpenAiError.invalidKey("Incorrect API key provided.");

        assertThat(error.status()).isEqualTo(401);
        JsonNode body = error.body().path("error");
        assertThat(body.path("message").asText()).isEqualTo("Incorrect API key provided.");
        assertThat(body.path("type").asText()).isEqualTo("invalid_request_error");
        assertThat(body.path("code").asText()).isEqualTo("invalid_api_key");
    }

    @Test
    void an_unknown_model_gets_model_not_found() {
        OpenAiError error = OpenAiError.modelNotFound("gpt-4");

        assertThat(error.status()).isEqualTo(404);
        assertThat(error.body().path("error").path("code").asText()).isEqualTo("model_not_found");
        assertThat(error.body().path("error").path("param").asText()).isEqualTo("model");
        assertThat(error.getMessage()).contains("gpt-4");
    }
}
