/*
 * Conversations against a real PostgreSQL 18: messages kept in the order written and read back after
 * the writing transaction is gone (as after a page reload), each person seeing only their own, and the
 * history listed last written first.
 */
package ai.enclave.chat.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.enclave.chat.domain.ChatMessage;
import ai.enclave.chat.domain.Conversation;
import ai.enclave.deployment.domain.Deployment;
import ai.enclave.deployment.service.Deployments;
import ai.enclave.models.domain.ModelVersion;
import ai.enclave.models.service.ModelRegistry;
import ai.enclave.testsupport.MigratedDatabase;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class ConversationsIT {

    @RegisterExtension
    static final MigratedDatabase database = new MigratedDatabase();

    @TempDir
    static Path modelDir;

    private static long deploymentId;

    @BeforeAll
    static void a_deployed_model() throws IOException {
        Files.writeString(modelDir.resolve("config.json"), "{}");
        Files.writeString(modelDir.resolve("model.safetensors"), "weights");
        ModelVersion model = database.inTransaction(em -> new ModelRegistry(em, Clock.systemUTC())
                .register("chatty", modelDir.toString(), "{}", 1, "[]", "{}", null, null, "sub-ml"));
        Deployment deployment = database.inTransaction(
                em -> new Deployments(em, Clock.systemUTC()).deploy(model.getId(), "chatty", "sub-ml"));
        deploymentId = deployment.getId();
    }

    @Test
    void messages_are_read_back_in_the_order_written() {
        long id =
                conversations(c -> c.start("sub-eve", deploymentId, "Holidays")).getId();
        conversations(c -> c.append(id, "sub-eve", "system", "You answer HR questions."));
        conversations(c -> c.append(id, "sub-eve", "user", "How many days off do I have?"));
        conversations(c -> c.append(id, "sub-eve", "assistant", "Twenty-five.", 1234L));

        List<ChatMessage> messages = conversations(c -> c.messages(id, "sub-eve"));

        assertThat(messages).extracting(ChatMessage::getPosition).containsExactly(0, 1, 2);
        assertThat(messages).extracting(ChatMessage::getRole).containsExactly("system", "user", "assistant");
        assertThat(messages.get(2).getContent()).isEqualTo("Twenty-five.");
        assertThat(messages).extracting(ChatMessage::getSeed).containsExactly(null, null, 1234L);
    }

    @Test
    void another_persons_conversation_is_not_found() {
        long id =
                conversations(c -> c.start("sub-eve", deploymentId, "Private")).getId();

        assertThatThrownBy(() -> conversations(c -> c.messages(id, "sub-mallory")))
                .isInstanceOf(NoSuchElementException.class)
                .hasMessage("no conversation with id " + id);
        assertThatThrownBy(() -> conversations(c -> c.append(id, "sub-mallory", "user", "hello")))
                .isInstanceOf(NoSuchElementException.class);
        List<Conversation> mallorys = conversations(c -> c.of("sub-mallory"));
        assertThat(mallorys).isEmpty();
    }

    @Test
    void the_history_lists_the_last_written_conversation_first() {
        Instant t0 = Instant.parse("2026-01-01T09:00:00Z");
        long older = at(t0, c -> c.start("sub-fay", deploymentId, "Older")).getId();
        long newer = at(t0.plus(Duration.ofMinutes(1)), c -> c.start("sub-fay", deploymentId, "Newer"))
                .getId();
        at(t0.plus(Duration.ofMinutes(2)), c -> c.append(older, "sub-fay", "user", "back to this one"));

        List<Conversation> history = conversations(c -> c.of("sub-fay"));

        assertThat(history).extracting(Conversation::getId).containsExactly(older, newer);
    }

    @Test
    void an_unknown_role_is_refused() {
        long id = conversations(c -> c.start("sub-eve", deploymentId, "")).getId();

        assertThatThrownBy(() -> conversations(c -> c.append(id, "sub-eve", "tool", "{}")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("role must be one of [system, user, assistant], not tool");
        List<Conversation> eves = conversations(c -> c.of("sub-eve"));
        assertThat(eves).extracting(Conversation::getTitle).contains("New conversation");
    }

    private static <T> T conversations(Function<Conversations, T> work) {
        return database.inTransaction(em -> work.apply(new Conversations(em, Clock.systemUTC())));
    }

    private static <T> T at(Instant now, Function<Conversations, T> work) {
        return database.inTransaction(em -> work.apply(new Conversations(em, Clock.fixed(now, ZoneOffset.UTC))));
    }
}
