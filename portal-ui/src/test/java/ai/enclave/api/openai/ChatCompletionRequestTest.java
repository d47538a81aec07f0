package ai.enclave.api.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.enclave.chat.service.ServingClient;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Reading the body of POST /v1/chat/completions as the OpenAI clients send it. */
class ChatCompletionRequestTest {

    @Test
    void reads_every_field_an_openai_client_sends() {
        ChatCompletionRequest request = ChatCompletionRequest.parse("""
                {"model": "handbook", "messages": [
                   {"role": "system", "content": "Be brief."},
                   {"role": "user", "content": "Four score"},
                   {"role": "assistant", "content": "and seven"},
                   {"role": "user", "content": "years ago"}],
                 "max_tokens": 24, "temperature": 0.8, "top_p": 0.9, "seed": 42,
                 "stop": ["\\n\\n", "END"], "stream": true, "stream_options": {"include_usage": true},
                 "n": 1, "user": "someone"}
                """);

        assertThat(request.model()).isEqualTo("handbook");
        assertThat(request.messages())
                .containsExactly(
                        new ServingClient.Message("system", "Be brief."),
                        new ServingClient.Message("user", "Four score"),
                        new ServingClient.Message("assistant", "and seven"),
                        new ServingClient.Message("user", "years ago"));
        assertThat(request.stream()).isTrue();
        assertThat(request.includeUsage()).isTrue();
        assertThat(request.options())
                .isEqualTo(new ServingClient.Options(24, 0.8, 0.9, 0, 42L, List.of("\n\n", "END")));
    }

    @Test
    void absent_fields_take_openais_defaults_and_a_random_seed() {
        ChatCompletionRequest request = ChatCompletionRequest.parse("""
                {"model": "handbook", "messages": [{"role": "user", "content": "hi"}]}
                """);

        assertThat(request.stream()).isFalse();
        assertThat(request.includeUsage()).isFalse();
        assertThat(request.options())
                .isEqualTo(new ServingClient.Options(
                        ChatCompletionRequest.DEFAULT_MAX_TOKENS, 1.0, 1.0, 0, null, List.of()));
    }

    @Test
    void newer_openai_forms_are_understood() {
        ChatCompletionRequest request = ChatCompletionRequest.parse("""
                {"model": "handbook", "max_completion_tokens": 7, "stop": "END", "messages": [
                   {"role": "developer", "content": "Be brief."},
                   {"role": "user", "content": [{"type": "text", "text": "Four "}, {"type": "text", "text": "score"}]},
                   {"role": "assistant", "content": null}]}
                """);

        assertThat(request.messages())
                .containsExactly(
                        new ServingClient.Message("system", "Be brief."),
                        new ServingClient.Message("user", "Four score"),
                        new ServingClient.Message("assistant", ""));
        assertThat(request.maxTokens()).isEqualTo(7);
        assertThat(request.stop()).containsExactly("END");
    }

    @Test
    void a_body_that_is_not_a_json_object_is_refused() {
        assertRefused("{not json", null);
        assertRefused("", null);
        assertRefused("[1, 2]", null);
    }

    @Test
    void each_wrong_field_is_named_in_the_refusal() {
        String messages = "\"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]";
        assertRefused("{" + messages + "}", "model");
        assertRefused("{\"model\": \"m\"}", "messages");
        assertRefused("{\"model\": \"m\", \"messages\": []}", "messages");
        assertRefused(
                "{\"model\": \"m\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}, {\"role\": \"robot\"}]}",
                "messages[1].role");
        assertRefused(
                "{\"model\": \"m\", \"messages\": [{\"role\": \"user\", \"content\": 5}]}", "messages[0].content");
        assertRefused(
                "{\"model\": \"m\", \"messages\": [{\"role\": \"user\", \"content\": [{\"type\": \"image_url\"}]}]}",
                "messages[0].content[0]");
        assertRefused("{\"model\": \"m\", " + messages + ", \"max_tokens\": 0}", "max_tokens");
        assertRefused("{\"model\": \"m\", " + messages + ", \"max_tokens\": 2.5}", "max_tokens");
        assertRefused("{\"model\": \"m\", " + messages + ", \"temperature\": 2.5}", "temperature");
        assertRefused("{\"model\": \"m\", " + messages + ", \"temperature\": \"hot\"}", "temperature");
        assertRefused("{\"model\": \"m\", " + messages + ", \"top_p\": 0}", "top_p");
        assertRefused("{\"model\": \"m\", " + messages + ", \"seed\": 1.5}", "seed");
        assertRefused("{\"model\": \"m\", " + messages + ", \"stop\": [\"a\", \"b\", \"c\", \"d\", \"e\"]}", "stop");
        assertRefused("{\"model\": \"m\", " + messages + ", \"stream\": \"yes\"}", "stream");
    }

    @Test
    void what_these_models_cannot_do_is_refused_rather_than_dropped() {
        String base = "\"model\": \"m\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]";
        assertRefused("{" + base + ", \"n\": 2}", "n");
        assertRefused("{" + base + ", \"tools\": [{\"type\": \"function\"}]}", "tools");
        assertThat(ChatCompletionRequest.parse("{" + base + ", \"tools\": [], \"tool_choice\": \"none\"}")
                        .model())
                .isEqualTo("m");
    }

    private static void assertRefused(String body, String param) {
        assertThatThrownBy(() -> ChatCompletionRequest.parse(body)).isInstanceOfSatisfying(OpenAiError.class, e -> {
            assertThat(e.status()).isEqualTo(400);
            assertThat(
                            e.body().path("error").path("param").isNull()
                                    ? null
                                    : e.body().path("error").path("param").asText())
                    .isEqualTo(param);
            assertThat(e.body().path("error").path("type").asText()).isEqualTo("invalid_request_error");
            if (param != null) {
                assertThat(e.getMessage()).contains(param);
            }
        });
    }
}
