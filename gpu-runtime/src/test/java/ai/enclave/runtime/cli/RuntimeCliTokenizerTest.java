package ai.enclave.runtime.cli;

import static ai.enclave.runtime.cli.CliRuns.assertOneClearError;
import static ai.enclave.runtime.cli.CliRuns.greedyGenerate;
import static ai.enclave.runtime.cli.CliRuns.main;
import static ai.enclave.runtime.cli.CliRuns.run;
import static ai.enclave.runtime.cli.CliRuns.runFlushed;
import static ai.enclave.runtime.cli.CliRuns.tinyMptModel;
import static ai.enclave.runtime.cli.CliRuns.train;
import static org.assertj.core.api.Assertions.assertThat;

import ai.enclave.runtime.backend.Backend;
import ai.enclave.runtime.backend.Backends;
import ai.enclave.runtime.chattemplate.ChatTemplate;
import ai.enclave.runtime.chattemplate.ModelChatFiles;
import ai.enclave.runtime.infer.Generator;
import ai.enclave.runtime.infer.SamplingParams;
import ai.enclave.runtime.io.ModelFiles;
import ai.enclave.runtime.model.ModelConfig;
import ai.enclave.runtime.model.ParameterTensors;
import ai.enclave.runtime.tokenizer.Tokenizer;
import ai.enclave.runtime.tokenizer.train.TokenizerTraining;
import ai.enclave.runtime.tokenizer.train.TrainerConfig;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line with a tokenizer: a byte-level tokenizer trained here on a few KB of
 * multilingual text, a tiny MPT model trained on that text through the train command (the model
 * directory holds only config.json and tokenizer.json), then text prompts, chat prompts, stop
 * tokens and perplexity over text on the checkpoint, each checked against the engine run directly
 * on the ids.
 */
class RuntimeCliTokenizerTest {
    private static final String[] LINES = {
        "Die Straße ist grün und schön.",
        "猫は静かに眠っている。",
        "The quick brown fox jumps over the lazy dog 🙂",
        "नमस्ते दुनिया, आज मौसम अच्छा है।",
        "Привет, как дела?"
    };

    @TempDir
    static Path tmp;

    private static Path tokenizerDir;
    private static Tokenizer tokenizer;
    private static Path checkpoint;

    @BeforeAll
    static void trainTokenizerAndModel() throws Exception {
        Path corpus = tmp.resolve("corpus.txt");
        Files.writeString(corpus, String.join("\n", LINES).repeat(40)); // about 5 KB
        tokenizerDir = tmp.resolve("tokenizer");
        TokenizerTraining.train(List.of(corpus), TrainerConfig.byteLevel(300), tokenizerDir.resolve("tokenizer.json"));
        tokenizer = Tokenizer.load(tokenizerDir);
        int eot = tokenizer.tokenId(ModelChatFiles.END_OF_TEXT);
        List<Integer> stream = new ArrayList<>();
        for (int i = 0; i < 40; i++)
            for (String line : LINES) {
                for (int id : tokenizer.encode(line)) stream.add(id);
                stream.add(eot);
            }
        Path model = tinyMptModel(tmp, 320, 32);
        Files.copy(tokenizerDir.resolve("tokenizer.json"), model.resolve("tokenizer.json"));
        train(tmp, model, stream.stream().mapToInt(Integer::intValue).toArray(), 320, 120, 32, "--warmup", "3");
        checkpoint = tmp.resolve("out/checkpoint-00000120");
    }

    /** The greedy continuation of {@code prompt} by the engine itself, stopping at {@code stops}. */
    private static int[] greedy(Path dir, int[] prompt, int maxTokens, int[] stops) {
        ModelConfig config = ModelFiles.readConfig(dir);
        try (Arena arena = Arena.ofShared()) {
            ParameterTensors params = new ParameterTensors(config, arena);
            ModelFiles.loadWeights(dir, params);
            List<int[]> stopSequences =
                    Arrays.stream(stops).mapToObj(id -> new int[] {id}).toList();
            SamplingParams sp = new SamplingParams(maxTokens, 0f, 0, 1f, 1f, stopSequences, -1, 0);
            Backend backend = Backends.create(2);
            params.packForInference(backend, arena);
            return new Generator(config, backend, params)
                    .generate(List.of(prompt), sp, (s, t) -> {})
                    .getFirst();
        }
    }

    @Test
    void train_writes_the_tokenizer_and_chat_files_and_stop_tokens_read_back_from_them() throws Exception {
        assertThat(Files.readAllBytes(checkpoint.resolve("tokenizer.json")))
                .isEqualTo(Files.readAllBytes(tokenizerDir.resolve("tokenizer.json")));
        assertThat(checkpoint.resolve("generation_config.json")).isRegularFile();
        assertThat(ChatTemplate.load(checkpoint).template()).isEqualTo(ModelChatFiles.CHATML_TEMPLATE);
        Tokenizer saved = Tokenizer.load(checkpoint);
        assertThat(ModelChatFiles.stopTokenIds(checkpoint, saved))
                .containsExactly(
                        tokenizer.tokenId(ModelChatFiles.END_OF_TURN), tokenizer.tokenId(ModelChatFiles.END_OF_TEXT));
        assertThat(saved.encode(LINES[3])).isEqualTo(tokenizer.encode(LINES[3]));
    }

    @Test
    void generate_from_a_text_prompt_streams_the_text_of_the_same_greedy_run() throws Exception {
        String prompt = "Die Straße";
        List<String> pieces = runFlushed(greedyGenerate(checkpoint, prompt, 24, "--threads", "2"));
        int[] ids =
                greedy(checkpoint, tokenizer.encode(prompt), 24, ModelChatFiles.stopTokenIds(checkpoint, tokenizer));
        String expected = tokenizer.decode(ids, true);
        assertThat(String.join("", pieces)).isEqualTo(expected + "\n");
        assertThat(expected).as("the trained model continues in words").isNotBlank();
        assertThat(pieces).as("streamed as tokens come").hasSizeGreaterThan(2);
        if (!expected.contains("\uFFFD")) assertThat(pieces).noneMatch(p -> p.contains("\uFFFD"));
    }

    @Test
    void generation_ends_at_a_stop_token_from_generation_config() throws Exception {
        int[] prompt = tokenizer.encode("The quick");
        int[] free = greedy(checkpoint, prompt, 16, new int[0]);
        // the first token that has not appeared before becomes the model's stop token
        int k = IntStream.range(1, free.length)
                .filter(i -> Arrays.stream(free, 0, i).noneMatch(t -> t == free[i]))
                .findFirst()
                .orElseThrow();
        Path stopper = Files.createDirectories(tmp.resolve("stopper"));
        for (String f : List.of("config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json"))
            Files.copy(checkpoint.resolve(f), stopper.resolve(f));
        Files.writeString(stopper.resolve("generation_config.json"), "{\"eos_token_id\": [" + free[k] + "]}");
        String out = run(greedyGenerate(stopper, "The quick", 16, "--threads", "2"));
        assertThat(out).isEqualTo(tokenizer.decode(Arrays.copyOf(free, k + 1), true) + "\n");
    }

    @Test
    void chat_wraps_the_prompt_as_a_user_message_in_the_model_template() throws Exception {
        String out = run(greedyGenerate(checkpoint, "Привет", 12, "--chat", "--threads", "2"));
        int[] prompt = tokenizer.encode("<|im_start|>user\nПривет<|im_end|>\n<|im_start|>assistant\n", false);
        assertThat(prompt[0]).isEqualTo(tokenizer.tokenId("<|im_start|>"));
        int[] ids = greedy(checkpoint, prompt, 12, ModelChatFiles.stopTokenIds(checkpoint, tokenizer));
        assertThat(out).isEqualTo(tokenizer.decode(ids, true) + "\n");
    }

    @Test
    void perplexity_of_text_equals_perplexity_of_its_encoded_ids() throws Exception {
        String text = String.join("\n", LINES) + "\n" + LINES[0];
        Path textFile = Files.writeString(tmp.resolve("eval.txt"), text);
        Path idsFile = Files.writeString(
                tmp.resolve("eval.ids"),
                Arrays.stream(tokenizer.encode(text)).mapToObj(String::valueOf).collect(Collectors.joining(" ")));
        for (String context : List.of("16", "32")) {
            String fromText = run(
                    "perplexity",
                    "--model",
                    checkpoint.toString(),
                    "--text",
                    textFile.toString(),
                    "--context",
                    context);
            String fromIds = run(
                    "perplexity",
                    "--model",
                    checkpoint.toString(),
                    "--tokens",
                    idsFile.toString(),
                    "--context",
                    context);
            assertThat(fromText).startsWith("{\"tokens\":").isEqualTo(fromIds);
        }
    }

    @Test
    void bad_inputs_end_with_one_clear_error_line_and_a_non_zero_exit() throws Exception {
        Path bare = Files.createDirectories(tmp.resolve("bare")); // weights without any tokenizer files
        Path plain = Files.createDirectories(tmp.resolve("plain")); // tokenizer.json but no chat template
        for (String f : List.of("config.json", "model.safetensors")) {
            Files.copy(checkpoint.resolve(f), bare.resolve(f));
            Files.copy(checkpoint.resolve(f), plain.resolve(f));
        }
        Files.copy(checkpoint.resolve("tokenizer.json"), plain.resolve("tokenizer.json"));
        Path text = Files.writeString(tmp.resolve("bad.txt"), "Hallo");
        assertOneClearError(
                main("perplexity", "--model", bare.toString(), "--text", text.toString()), "bare", "tokenizer.json");
        assertOneClearError(
                main("generate", "--model", plain.toString(), "--prompt", "Hallo", "--chat"), "plain", "chat template");
        assertOneClearError(
                main("generate", "--model", bare.toString(), "--prompt", "Hallo", "--chat"), "bare", "tokenizer.json");
        assertOneClearError(
                main(
                        "train",
                        "--model",
                        bare.toString(),
                        "--data",
                        tmp.resolve("data").toString(),
                        "--out",
                        tmp.resolve("nowhere").toString(),
                        "--tokenizer",
                        bare.toString()),
                "bare",
                "no tokenizer.json");
    }
}
