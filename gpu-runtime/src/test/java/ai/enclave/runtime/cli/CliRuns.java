package ai.enclave.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.enclave.runtime.model.ModelConfig;
import ai.enclave.runtime.model.ModelConfig.Family;
import ai.enclave.runtime.train.TokenShard;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Running the command line in tests: in this JVM for output, in a child JVM for exit codes and stderr. */
final class CliRuns {
    private CliRuns() {}

    /** Writes the config.json of a tiny MPT model (2 layers, 4 heads, width 32, ALiBi) into {@code dir/model}. */
    static Path tinyMptModel(Path dir, int vocabSize, int context) throws IOException {
        Path model = Files.createDirectories(dir.resolve("model"));
        new ModelConfig(Family.MPT, vocabSize, 32, 2, 4, 4, 128, context, 1e-5f, 0f, 8f, true)
                .save(model.resolve("config.json"));
        return model;
    }

    /**
     * Runs the train command on {@code tokens}, written as the one shard of {@code dir/data}, into
     * {@code dir/out}: {@code steps} batches of 4 sequences of {@code seqLen} at learning rate 1e-2 on 2
     * threads, then {@code options}. Returns stdout.
     */
    static String train(Path dir, Path model, int[] tokens, int vocabSize, int steps, int seqLen, String... options)
            throws Exception {
        TokenShard.write(Files.createDirectories(dir.resolve("data/train")).resolve("a.bin"), tokens, null, vocabSize);
        List<String> argv = new ArrayList<>(List.of(
                "train",
                "--model",
                model.toString(),
                "--data",
                dir.resolve("data").toString(),
                "--out",
                dir.resolve("out").toString(),
                "--steps",
                String.valueOf(steps),
                "--batch-size",
                "4",
                "--seq-len",
                String.valueOf(seqLen),
                "--lr",
                "1e-2",
                "--threads",
                "2"));
        argv.addAll(List.of(options));
        return run(argv.toArray(String[]::new));
    }

    /** The argv of a greedy (temperature 0) generate command, then {@code options}. */
    static String[] greedyGenerate(Path model, String prompt, int maxTokens, String... options) {
        List<String> argv = new ArrayList<>(List.of(
                "generate",
                "--model",
                model.toString(),
                "--prompt",
                prompt,
                "--max-tokens",
                String.valueOf(maxTokens),
                "--temperature",
                "0"));
        argv.addAll(List.of(options));
        return argv.toArray(String[]::new);
    }

    /** Runs a command in this JVM, asserts exit 0, returns stdout. */
    static String run(String... argv) throws Exception {
        return String.join("", runFlushed(argv));
    }

    /** Runs a command in this JVM, asserts exit 0, returns stdout cut at each flush (what a reader saw when). */
    static List<String> runFlushed(String... argv) throws Exception {
        List<String> pieces = new ArrayList<>();
        ByteArrayOutputStream pending = new ByteArrayOutputStream();
        OutputStream sink = new OutputStream() {
            @Override
            public void write(int b) {
                pending.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                pending.write(b, off, len);
            }

            @Override
            public void flush() {
                if (pending.size() > 0) pieces.add(pending.toString(StandardCharsets.UTF_8));
                pending.reset();
            }
        };
        try (PrintStream out = new PrintStream(sink, false, StandardCharsets.UTF_8)) {
            assertThat(RuntimeCli.run(argv, out)).isZero();
        }
        return pieces;
    }

    /** Runs the real main in a child JVM: {exit code, stdout, stderr}. */
    static String[] main(String... argv) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules",
                "jdk.incubator.vector",
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                RuntimeCli.class.getName()));
        cmd.addAll(List.of(argv));
        Process p = new ProcessBuilder(cmd).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return new String[] {String.valueOf(p.waitFor()), out, err};
    }

    static void assertOneClearError(String[] result, String... mentions) {
        assertThat(Integer.parseInt(result[0])).as("exit code").isNotZero();
        // the JVM itself announces the incubating Vector API module; everything else is ours
        List<String> lines = result[2]
                .lines()
                .filter(l -> !l.startsWith("WARNING: Using incubator modules"))
                .toList();
        assertThat(lines).as("stderr").hasSize(1);
        assertThat(lines.get(0))
                .startsWith("error: ")
                .doesNotContain("Exception")
                .contains(mentions);
    }
}
