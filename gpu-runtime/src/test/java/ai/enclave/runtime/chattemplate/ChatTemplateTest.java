package ai.enclave.runtime.chattemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.enclave.runtime.tokenizer.TokenizerException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Chat templates in the ChatML, Llama-3, Mistral and Gemma styles against what Hugging Face's
 * apply_chat_template renders (src/test/python/tokenizer/make_chat_templates.py wrote the fixture).
 */
class ChatTemplateTest {
    @Test
    void renders_every_template_and_conversation_exactly_like_hugging_face() throws IOException {
        JsonNode fixture = new ObjectMapper()
                .readTree(Path.of("src/test/resources/tokenizer/chat_templates.json")
                        .toFile());
        for (JsonNode c : fixture.get("cases")) {
            String name = c.get("template").asText();
            ChatTemplate template = new ChatTemplate(
                    fixture.get("templates").get(name).asText(),
                    name,
                    Map.of(
                            "bos_token",
                            c.get("bos_token").asText(),
                            "eos_token",
                            c.get("eos_token").asText()));
            List<ChatTemplate.Message> messages = new ArrayList<>();
            c.get("messages")
                    .forEach(m -> messages.add(new ChatTemplate.Message(
                            m.get("role").asText(), m.get("content").asText())));
            boolean gen = c.get("add_generation_prompt").asBoolean();
            if (c.get("error").isNull()) {
                assertThat(template.render(messages, gen))
                        .as("%s %s gen=%s", name, messages, gen)
                        .isEqualTo(c.get("expected").asText());
            } else {
                assertThatThrownBy(() -> template.render(messages, gen))
                        .isInstanceOf(TokenizerException.class)
                        .hasMessageContaining(name + ": line 1: template failed: "
                                + c.get("error").asText());
            }
        }
    }

    @Test
    void a_template_with_a_syntax_error_fails_naming_its_source_and_line() {
        ChatTemplate broken = new ChatTemplate(
                "{% for m in messages %}\n{{ m.content }\n", "my/tokenizer_config.json: chat_template", Map.of());
        assertThatThrownBy(() -> broken.render(List.of(new ChatTemplate.Message("user", "hi")), true))
                .isInstanceOf(TokenizerException.class)
                .hasMessageStartingWith("my/tokenizer_config.json: chat_template: line ");
    }
}
