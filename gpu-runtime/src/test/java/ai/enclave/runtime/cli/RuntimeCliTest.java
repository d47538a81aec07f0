package ai.enclave.runtime.cli;

import static ai.enclave.runtime.cli.CliRuns.assertOneClearError;
import static ai.enclave.runtime.cli.CliRuns.greedyGenerate;
import static ai.enclave.runtime.cli.CliRuns.main;
import static ai.enclave.runtime.cli.CliRuns.run;
import static ai.enclave.runtime.cli.CliRuns.tinyMptModel;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.enclave.runtime.backend.NaiveBackend;
import ai.enclave.runtime.io.ModelFiles;
import ai.enclave.runtime.model.ModelConfig;
import ai.enclave.runtime.model.ParameterTensors;
import ai.enclave.runtime.model.Transformer;
import ai.enclave.runtime.train.TokenShard;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
 * The command line end to end on a tiny MPT model in a temp dir: train from random init on a
 * periodic token stream (context T = 16), then generate and score with the checkpoint, also at 2T,
 * which only ALiBi makes possible. Bad inputs run the real main in a child JVM to see the exit code
 * and that stderr holds one "error:" line and no stack trace.
 */
class RuntimeCliTest {
    private static final int[] PERIOD = {3, 17, 9, 25, 12};
    private static final int T = 16;

    @TempDir
    static Path tmp;

    private static Path checkpoint;
    private static List<JsonNode> trainLog;

    private static int[] pattern(int n) {
        return IntStream.range(0, n).map(i -> PERIOD[i % PERIOD.length]).toArray();
    }

    @BeforeAll
    static void train() throws Exception {
        String out = CliRuns.train(
                tmp, tinyMptModel(tmp, 32, T), pattern(4000), 32, 60, T, "--min-lr", "1e-3", "--warmup", "5");
        ObjectMapper json = new ObjectMapper();
        trainLog = new ArrayList<>();
        for (String line : out.strip().split("\n")) trainLog.add(json.readTree(line));
        checkpoint = tmp.resolve("out/checkpoint-00000060");
    }

    @Test
    void train_prints_one_json_line_per_step_with_falling_loss_and_writes_a_checkpoint() {
        assertThat(trainLog).hasSize(60);
        for (JsonNode log : trainLog)
            assertThat(log.fieldNames()).toIterable().contains("step", "loss", "lr", "tokens_per_s", "grad_norm");
        double first = trainLog.get(0).get("loss").asDouble(),
                last = trainLog.get(59).get("loss").asDouble();
        assertThat(first).isGreaterThan(2.5); // about ln(32) at random init
        assertThat(last).isLessThan(0.2);
        assertThat(checkpoint.resolve("model.safetensors")).isRegularFile();
        assertThat(checkpoint.resolve("config.json")).isRegularFile();
    }

    @Test
    void generate_streams_token_ids_that_continue_the_pattern_beyond_the_trained_context() throws Exception {
        // a 20-token prompt plus 12 new tokens: twice the context the model was trained at
        String prompt = Arrays.stream(pattern(20)).mapToObj(String::valueOf).collect(Collectors.joining(" "));
        String out = run(greedyGenerate(checkpoint, prompt, 12));
        int[] ids = Arrays.stream(out.trim().split("\\s+"))
                .mapToInt(Integer::parseInt)
                .toArray();
        assertThat(ids).containsExactly(Arrays.copyOfRange(pattern(32), 20, 32));
    }

    @Test
    void perplexity_is_exp_of_the_mean_nll_over_windows_also_at_twice_the_trained_context() throws Exception {
        int[] tokens = pattern(75); // windows of 32: 32 + 32 + a partial 11
        Path file = tmp.resolve("tokens.txt");
        Files.writeString(file, Arrays.stream(tokens).mapToObj(String::valueOf).collect(Collectors.joining(" ")));
        for (int context : new int[] {T, 2 * T}) {
            JsonNode result = new ObjectMapper()
                    .readTree(run(
                            "perplexity",
                            "--model",
                            checkpoint.toString(),
                            "--tokens",
                            file.toString(),
                            "--context",
                            String.valueOf(context)));
            double[] expected = independentPerplexity(tokens, context);
            assertThat(result.get("tokens").asLong()).isEqualTo((long) expected[0]);
            assertThat(result.get("perplexity").asDouble())
                    .as("context %d", context)
                    .isCloseTo(expected[1], org.assertj.core.data.Percentage.withPercentage(1e-3));
            assertThat(expected[1])
                    .as("the pattern is predictable at context %d", context)
                    .isLessThan(1.5);
        }
    }

    /** {predicted tokens, perplexity} from the naive backend's logits with a double log-softmax. */
    private static double[] independentPerplexity(int[] tokens, int context) {
        ModelConfig config = ModelFiles.readConfig(checkpoint);
        int v = config.vocabSize();
        try (Arena arena = Arena.ofConfined()) {
            ParameterTensors params = new ParameterTensors(config, arena);
            ModelFiles.loadWeights(checkpoint, params);
            Transformer model = new Transformer(config, new NaiveBackend(), params, 1, context, false, arena);
            double nll = 0;
            long count = 0;
            for (int from = 0; from < tokens.length; from += context) {
                int n = Math.min(context, tokens.length - from);
                model.forward(Arrays.copyOfRange(tokens, from, from + n), null, 1, n);
                for (int i = 0; i + 1 < n; i++) {
                    float[] row = model.acts
                            .logits
                            .asSlice((long) i * v * 4, (long) v * 4)
                            .toArray(JAVA_FLOAT);
                    double max = Double.NEGATIVE_INFINITY, sum = 0;
                    for (float x : row) max = Math.max(max, x);
                    for (float x : row) sum += Math.exp(x - max);
                    nll += Math.log(sum) + max - row[tokens[from + i + 1]];
                    count++;
                }
            }
            return new double[] {count, Math.exp(nll / count)};
        }
    }

    @Test
    void train_on_a_weighted_mix_reports_how_far_each_source_has_been_read() throws Exception {
        Path large = tmp.resolve("mix/large"), small = tmp.resolve("mix/small");
        TokenShard.write(Files.createDirectories(large).resolve("a.bin"), pattern(400), null, 32); // 23 windows
        TokenShard.write(Files.createDirectories(small).resolve("a.bin"), pattern(100), null, 32); // 5 windows
        String out = run(
                "train",
                "--model",
                tmp.resolve("model").toString(),
                "--data",
                large + "@3",
                "--data",
                small.toString(),
                "--out",
                tmp.resolve("mix/out").toString(),
                "--steps",
                "4",
                "--batch-size",
                "4",
                "--seq-len",
                String.valueOf(T),
                "--threads",
                "2");
        List<String> lines = out.strip().lines().toList();
        assertThat(lines).hasSize(4);
        // 16 rows: 12 from the large source (share 3/4), 4 from the small one
        JsonNode epochs = new ObjectMapper().readTree(lines.get(3)).get("data_epochs");
        assertThat(epochs).hasSize(2);
        assertThat(epochs.get(0).asDouble()).isCloseTo(12 / 23.0, within(1e-4));
        assertThat(epochs.get(1).asDouble()).isCloseTo(4 / 5.0, within(1e-4));
    }

    @Test
    void bad_inputs_end_with_one_clear_error_line_and_a_non_zero_exit() throws Exception {
        Path badTokens = tmp.resolve("bad-tokens.txt");
        Files.writeString(badTokens, "3 17 999 9");
        assertOneClearError(
                main("perplexity", "--model", checkpoint.toString(), "--tokens", badTokens.toString()),
                "bad-tokens.txt",
                "token id 999");
        assertOneClearError(
                main("generate", "--model", checkpoint.toString(), "--prompt", "3 17", "--max-tokens", "1000000000"),
                "KV cache");
        assertOneClearError(
                main("generate", "--model", checkpoint.toString(), "--prompt", "3 17", "--max-tokens", "2147483647"),
                "--max-tokens");
        assertOneClearError(main("train", "--model", tmp.resolve("nowhere").toString()), "nowhere", "config.json");
        assertOneClearError(
                main("train", "--model", tmp.resolve("model").toString(), "--data", "some/dir@-0.5", "--out", "x"),
                "some/dir",
                "-0.5");
        assertOneClearError(
                main("train", "--model", tmp.resolve("model").toString(), "--data", "some/dir@half", "--out", "x"),
                "'half'");
        assertOneClearError(main("generate", "--model", checkpoint.toString(), "--prompt", "3 x"), "--prompt");
        // a misspelt option is refused, not trained through at the default learning rate
        assertOneClearError(
                main("train", "--model", tmp.resolve("model").toString(), "--lerning-rate", "1e-3"),
                "unknown option --lerning-rate for train",
                "enclave train --help");
        assertOneClearError(main("bench", "--steps"), "--steps needs a value");
    }

    @Test
    void help_lists_each_commands_options_with_their_defaults() throws Exception {
        String train = run("train", "--help");
        assertThat(train).startsWith("usage: enclave train --model DIR --data DIR[@WEIGHT]");
        assertThat(train.lines())
                .anySatisfy(l -> assertThat(l).contains("--steps N").endsWith("(default 1000)"))
                .anySatisfy(l -> assertThat(l).contains("--lr X").endsWith("(default 3e-4)"))
                .anySatisfy(l -> assertThat(l).contains("--warmup N").contains("a tenth of --steps"))
                .anySatisfy(l -> assertThat(l).contains("--resume").doesNotContain("default"));
        assertThat(run("generate", "-h"))
                .contains("--temperature X", "(default 0.8)", "--top-p X", "--stop IDS", "--chat");
        assertThat(run("perplexity", "--help")).contains("--context N", "--tokens FILE", "--text FILE");
        assertThat(run("bench", "--help")).contains("--threads N", "(default 0)", "--steps N", "(default 3)");
        assertThat(run("--help")).contains("enclave COMMAND --help");
    }
}
