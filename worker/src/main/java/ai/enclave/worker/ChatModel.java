/*
 * A model directory loaded for chat: config, weights, tokenizer.json, the chat template and the stop
 * tokens (the same files `enclave generate --chat` reads). Renders a conversation to prompt ids and
 * streams a reply as text pieces. Not thread-safe: the server calls it one request at a time.
 */
package ai.enclave.worker;

import ai.enclave.runtime.EngineException;
import ai.enclave.runtime.backend.Backend;
import ai.enclave.runtime.backend.Backends;
import ai.enclave.runtime.chattemplate.ChatTemplate;
import ai.enclave.runtime.chattemplate.ModelChatFiles;
import ai.enclave.runtime.infer.Generator;
import ai.enclave.runtime.infer.SamplingParams;
import ai.enclave.runtime.io.ModelFiles;
import ai.enclave.runtime.model.ModelConfig;
import ai.enclave.runtime.model.ParameterTensors;
import ai.enclave.runtime.tokenizer.TextDecoder;
import ai.enclave.runtime.tokenizer.Tokenizer;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

final class ChatModel implements AutoCloseable {

    /** How a reply ended, in the words of the /generate API. */
    record Reply(String finishReason, int promptTokens, int completionTokens) {}

    private final Arena arena = Arena.ofShared();
    private final ModelConfig config;
    private final Backend backend;
    private final ParameterTensors params;
    private final Tokenizer tokenizer;
    private final ChatTemplate template;
    private final int[] stopIds;

    ChatModel(Path dir) throws IOException {
        for (String file : List.of(ModelFiles.CONFIG, ModelFiles.WEIGHTS, "tokenizer.json")) {
            if (!Files.isRegularFile(dir.resolve(file))) {
                throw new EngineException(dir + ": no " + file);
            }
        }
        this.config = ModelFiles.readConfig(dir);
        this.tokenizer = Tokenizer.load(dir);
        this.template = ChatTemplate.load(dir);
        this.stopIds = ModelChatFiles.stopTokenIds(dir, tokenizer);
        this.backend = Backends.create(0);
        this.params = new ParameterTensors(config, arena);
        ModelFiles.loadWeights(dir, params);
        params.packForInference(backend, arena);
    }

    /** The most tokens a conversation may have, leaving room for at least one reply token. */
    int maxPromptTokens() {
        return config.maxSeqLen() - 1;
    }

    /** The conversation as the model reads it: the chat template with the assistant's turn opened. */
    int[] prompt(List<ChatTemplate.Message> messages) {
        // as apply_chat_template tokenizes: the template already holds any special tokens it wants
        return tokenizer.encode(template.render(messages, true), false);
    }

    /**
     * How to sample a reply to a prompt of {@code promptLength} tokens: the model's stop tokens plus the
     * caller's stop strings, and at most as many tokens as the context has left.
     *
     * @throws EngineException naming the parameter out of range (e.g. a negative temperature)
     */
    SamplingParams sampling(
            int promptLength, int maxTokens, float temperature, float topP, int topK, long seed, List<String> stop) {
        int budget = Math.max(1, Math.min(maxTokens, config.maxSeqLen() - promptLength));
        List<int[]> stops = new ArrayList<>();
        for (int id : stopIds) {
            stops.add(new int[] {id});
        }
        for (String text : stop) {
            stops.add(tokenizer.encode(text, false));
        }
        return new SamplingParams(budget, temperature, topK, topP, 1f, stops, -1, seed);
    }

    /**
     * Generates a reply to {@code prompt} (at most maxPromptTokens() long), giving each piece of text to
     * {@code onText} as it is decoded; an exception thrown by {@code onText} (the client went away)
     * stops generation and propagates.
     */
    Reply generate(int[] prompt, SamplingParams sampling, Consumer<String> onText) {
        TextDecoder text = new TextDecoder(tokenizer, true);
        int[] reply = new Generator(config, backend, params)
                .generate(List.of(prompt), sampling, (sequence, token) -> {
                    String piece = text.next(token);
                    if (!piece.isEmpty()) {
                        onText.accept(piece);
                    }
                })
                .getFirst();
        String rest = text.finish();
        if (!rest.isEmpty()) {
            onText.accept(rest);
        }
        boolean stopped = reply.length < sampling.maxTokens() || endsWithStop(reply, sampling.stopSequences());
        return new Reply(stopped ? "stop" : "length", prompt.length, reply.length);
    }

    private static boolean endsWithStop(int[] reply, List<int[]> stops) {
        for (int[] stop : stops) {
            if (stop.length == 0 || stop.length > reply.length) {
                continue;
            }
            boolean match = true;
            for (int i = 0; i < stop.length && match; i++) {
                match = reply[reply.length - stop.length + i] == stop[i];
            }
            if (match) {
                return true;
            }
        }
        return false;
    }

    /** The backend in the words the Deployments page shows, e.g. "CPU (OpenBLAS), 2 threads". */
    String backendDescription() {
        String name = backend.name().equals("cpu") ? "CPU (OpenBLAS)" : backend.name();
        return name + ", " + backend.threads() + " threads";
    }

    /** The weights (off-heap, float32) plus the Java heap in use now. */
    long memoryBytes() {
        Runtime runtime = Runtime.getRuntime();
        return params.count * Float.BYTES + runtime.totalMemory() - runtime.freeMemory();
    }

    @Override
    public void close() {
        arena.close();
    }
}
