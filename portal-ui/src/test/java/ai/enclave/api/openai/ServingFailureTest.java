package ai.enclave.api.openai;

import static org.assertj.core.api.Assertions.assertThat;

import ai.enclave.chat.service.ServingException;
import java.net.ConnectException;
import org.junit.jupiter.api.Test;

/** Which HTTP status a client gets when the model's worker could not answer. */
class ServingFailureTest {

    @Test
    void a_conversation_longer_than_the_model_reads_is_the_requests_fault() {
        OpenAiError error = ChatCompletionsResource.servingFailure(
                new ServingException("the conversation is 80 tokens; this model reads at most 63"));

        assertThat(error.status()).isEqualTo(400);
        assertThat(error.body().path("error").path("param").asText()).isEqualTo("messages");
        assertThat(error.getMessage()).isEqualTo("the conversation is 80 tokens; this model reads at most 63");
    }

    @Test
    void an_unreachable_worker_is_a_503() {
        OpenAiError error = ChatCompletionsResource.servingFailure(new ServingException(
                "the model at http://127.0.0.1:40123 is not reachable", new ConnectException("refused")));

        assertThat(error.status()).isEqualTo(503);
        assertThat(error.code()).isEqualTo("model_unavailable");
    }
}
