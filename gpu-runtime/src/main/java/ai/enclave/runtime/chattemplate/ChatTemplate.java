package ai.enclave.runtime.chattemplate;

import ai.enclave.runtime.tokenizer.TokenizerException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.hubspot.jinjava.Jinjava;
import com.hubspot.jinjava.JinjavaConfig;
import com.hubspot.jinjava.LegacyOverrides;
import com.hubspot.jinjava.interpret.RenderResult;
import com.hubspot.jinjava.interpret.TemplateError;
import com.hubspot.jinjava.lib.fn.ELFunctionDefinition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Renders the Jinja {@code chat_template} of tokenizer_config.json as Hugging Face's
 * {@code apply_chat_template} does: trim_blocks and lstrip_blocks on, {@code raise_exception} for
 * the template's own checks, {@code messages}, {@code add_generation_prompt} and the special tokens
 * ({@code bos_token}, {@code eos_token}, ...) bound. Tools, documents and multimodal content parts
 * are not passed. Thread-safe.
 */
public final class ChatTemplate {
    /** One chat message: role (system, user, assistant) and text. */
    public record Message(String role, String content) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String template;
    private final String source;
    private final Map<String, String> specialTokens;
    private final Jinjava jinjava;

    /**
     * @param source where the template came from, for error messages
     * @param specialTokens bindings such as bos_token and eos_token
     */
    public ChatTemplate(String template, String source, Map<String, String> specialTokens) {
        this.template = template;
        this.source = source;
        this.specialTokens = Map.copyOf(specialTokens);
        this.jinjava = new Jinjava(JinjavaConfig.newBuilder()
                .withTrimBlocks(true)
                .withLstripBlocks(true)
                // Jinja2's own semantics where Jinjava's defaults differ: {{- -}} trimming, operator
                // precedence (filters bind before +), iterating a dict yields its keys
                .withLegacyOverrides(LegacyOverrides.newBuilder()
                        .withUseTrimmingForNotesAndExpressions(true)
                        .withUseNaturalOperatorPrecedence(true)
                        .withParseWhitespaceControlStrictly(true)
                        .withEvaluateMapKeys(true)
                        .withIterateOverMapKeys(true)
                        .withAllowAdjacentTextNodes(true)
                        .withKeepNullableLoopValues(true)
                        .build())
                .build());
        jinjava.getGlobalContext()
                .registerFunction(new ELFunctionDefinition(
                        "", "raise_exception", ChatTemplate.class, "raiseException", String.class));
    }

    /**
     * Reads {@code chat_template} and the special tokens from a model directory's
     * tokenizer_config.json (or a separate chat_template.jinja, as newer models ship it).
     */
    public static ChatTemplate load(Path modelDir) throws IOException {
        Path config = modelDir.resolve("tokenizer_config.json");
        JsonNode root;
        try {
            root = JSON.readTree(Files.readAllBytes(config));
        } catch (java.nio.file.NoSuchFileException e) {
            throw new TokenizerException(config + ": no such file");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new TokenizerException(
                    config + ": malformed JSON at line " + e.getLocation().getLineNr() + ": " + e.getOriginalMessage());
        }
        Map<String, String> tokens = new HashMap<>();
        for (String name : List.of("bos_token", "eos_token", "unk_token", "pad_token")) {
            JsonNode t = root.get(name);
            if (t == null || t.isNull()) continue;
            tokens.put(name, t.isTextual() ? t.asText() : t.path("content").asText());
        }
        Path jinja = modelDir.resolve("chat_template.jinja");
        if (Files.exists(jinja)) return new ChatTemplate(Files.readString(jinja), jinja.toString(), tokens);
        JsonNode t = root.get("chat_template");
        if (t == null || t.isNull()) throw new TokenizerException(config + ": no chat_template");
        if (t.isArray()) {
            // named templates: [{"name": "default", "template": ...}, ...]
            for (JsonNode named : t) {
                if ("default".equals(named.path("name").asText())) {
                    return new ChatTemplate(
                            named.path("template").asText(), config + ": chat_template[default]", tokens);
                }
            }
            throw new TokenizerException(config + ": chat_template: no template named 'default'");
        }
        return new ChatTemplate(t.asText(), config + ": chat_template", tokens);
    }

    public String template() {
        return template;
    }

    public Map<String, String> specialTokens() {
        return specialTokens;
    }

    /** The prompt text for {@code messages}; fails naming the template line when rendering fails. */
    public String render(List<Message> messages, boolean addGenerationPrompt) {
        List<Map<String, Object>> list = new ArrayList<>();
        for (Message m : messages) {
            Map<String, Object> map = new LinkedHashMap<>();
            map.put("role", m.role());
            map.put("content", m.content());
            list.add(map);
        }
        Map<String, Object> bindings = new HashMap<>(specialTokens);
        bindings.put("messages", list);
        bindings.put("add_generation_prompt", addGenerationPrompt);
        RenderResult result = jinjava.renderForResult(template, bindings);
        for (TemplateError error : result.getErrors()) {
            if (error.getSeverity() != TemplateError.ErrorType.FATAL) continue;
            String message = error.getMessage();
            Throwable cause = error.getException();
            while (cause != null) {
                if (cause instanceof TemplateRaised raised) message = raised.getMessage();
                cause = cause.getCause();
            }
            throw new TokenizerException(source + ": line " + error.getLineno() + ": template failed: " + message);
        }
        return result.getOutput();
    }

    /** Bound to Jinja's {@code raise_exception(message)}, which templates call to reject a conversation. */
    public static String raiseException(String message) {
        throw new TemplateRaised(message);
    }

    private static final class TemplateRaised extends RuntimeException {
        TemplateRaised(String message) {
            super(message);
        }
    }
}
