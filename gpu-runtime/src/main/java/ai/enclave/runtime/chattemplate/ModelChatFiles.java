package ai.enclave.runtime.chattemplate;

import ai.enclave.runtime.tokenizer.Tokenizer;
import ai.enclave.runtime.tokenizer.TokenizerException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The chat files a model Enclave trains carries next to its weights, in the Hugging Face layout so
 * other tools read them too: tokenizer_config.json (ChatML {@code chat_template}, eos and pad
 * tokens) and generation_config.json ({@code eos_token_id}: the ids that stop generation). The
 * engine calls {@link #write} when it saves a model and {@link #stopTokenIds} when it serves one.
 */
public final class ModelChatFiles {
    /** ChatML, the format of the role markers our trainer reserves. */
    public static final String CHATML_TEMPLATE = "{% for message in messages %}"
            + "{{ '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n' }}"
            + "{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}{% endif %}";

    public static final String END_OF_TURN = "<|im_end|>";
    public static final String END_OF_TEXT = "<|endoftext|>";
    public static final String PAD = "<|pad|>";

    private static final ObjectMapper JSON = new ObjectMapper();

    private ModelChatFiles() {}

    /** Writes both files into {@code modelDir} for a tokenizer holding the ChatML special tokens. */
    public static void write(Path modelDir, Tokenizer tokenizer) throws IOException {
        List<Integer> stops = new ArrayList<>();
        for (String token : List.of(END_OF_TURN, END_OF_TEXT)) {
            Integer id = tokenizer.tokenId(token);
            if (id == null)
                throw new TokenizerException("tokenizer has no " + token + " token, needed to stop a chat turn");
            stops.add(id);
        }
        ObjectNode config = JSON.createObjectNode();
        config.put("tokenizer_class", "PreTrainedTokenizerFast");
        config.putNull("bos_token");
        config.put("eos_token", END_OF_TURN);
        if (tokenizer.tokenId(PAD) != null) config.put("pad_token", PAD);
        config.put("clean_up_tokenization_spaces", false);
        config.put("chat_template", CHATML_TEMPLATE);
        ObjectNode generation = JSON.createObjectNode();
        generation.putArray("eos_token_id").add(stops.get(0)).add(stops.get(1));
        Files.createDirectories(modelDir);
        Files.write(
                modelDir.resolve("tokenizer_config.json"),
                JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(config));
        Files.write(
                modelDir.resolve("generation_config.json"),
                JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(generation));
    }

    /**
     * The ids that end a reply: generation_config.json's {@code eos_token_id} (a number or a list),
     * else the id of tokenizer_config.json's {@code eos_token}.
     */
    public static int[] stopTokenIds(Path modelDir, Tokenizer tokenizer) throws IOException {
        Path generation = modelDir.resolve("generation_config.json");
        if (Files.exists(generation)) {
            JsonNode eos = JSON.readTree(generation.toFile()).get("eos_token_id");
            if (eos != null && eos.isInt()) return new int[] {eos.asInt()};
            if (eos != null && eos.isArray()) {
                int[] ids = new int[eos.size()];
                for (int i = 0; i < ids.length; i++) ids[i] = eos.get(i).asInt();
                return ids;
            }
        }
        String eosToken = ChatTemplate.load(modelDir).specialTokens().get("eos_token");
        Integer id = eosToken == null ? null : tokenizer.tokenId(eosToken);
        if (id == null)
            throw new TokenizerException(modelDir + ": no stop token (no eos_token_id and no known eos_token)");
        return new int[] {id};
    }
}
