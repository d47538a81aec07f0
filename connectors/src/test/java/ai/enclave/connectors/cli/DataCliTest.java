package ai.enclave.connectors.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.enclave.connectors.testing.Prose;
import ai.enclave.runtime.tokenizer.train.TokenizerTraining;
import ai.enclave.runtime.tokenizer.train.TrainerConfig;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataCliTest {
    @TempDir
    Path dir;

    private record Run(int exit, String out, String err) {}

    private Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = DataCli.run(
                args,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void prepare_prints_the_final_statistics_as_json_and_creates_the_snapshot() throws IOException {
        Path data = Files.createDirectories(dir.resolve("data"));
        Random r = new Random(5);
        for (int i = 0; i < 12; i++) {
            Files.writeString(data.resolve("doc-" + i + ".md"), Prose.document(r, 120));
        }
        Path tokenizer = Files.createDirectories(dir.resolve("tok"));
        TokenizerTraining.train(
                List.of(data.resolve("doc-0.md")), TrainerConfig.byteLevel(300), tokenizer.resolve("tokenizer.json"));
        Path config = dir.resolve("prepare.json");
        Files.writeString(config, """
                {"sources": [{"name": "docs", "type": "directory", "config": {"root": "%s"}}],
                 "tokenizer": "%s", "output": "%s", "validationFraction": 0.25}
                """.formatted(data, tokenizer, dir.resolve("out")));

        Run run = run("prepare", "--config", config.toString());

        assertThat(run.exit()).as(run.err()).isZero();
        JsonNode stats = new ObjectMapper().readTree(run.out());
        assertThat(Path.of(stats.get("snapshot").asText()).resolve("manifest.json"))
                .exists();
        assertThat(stats.get("documents").get("train").asInt()
                        + stats.get("documents").get("val").asInt())
                .isEqualTo(12);
        assertThat(stats.get("stages").get(0).get("stage").asText()).isEqualTo("normalise");

        Run restarted = run("prepare", "--config", config.toString(), "--restart");

        assertThat(restarted.exit()).as(restarted.err()).isZero();
        JsonNode again = new ObjectMapper().readTree(restarted.out());
        assertThat(again.get("id").asText()).isEqualTo(stats.get("id").asText());
        assertThat(again.get("already_existed").asBoolean()).isTrue();
    }

    @Test
    void a_missing_config_file_is_one_error_line_and_exit_code_1() {
        Run run = run("prepare", "--config", dir.resolve("nope.json").toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).isEqualTo("error: " + dir.resolve("nope.json") + ": no such config file\n");
        assertThat(run.out()).isEmpty();
    }

    @Test
    void an_invalid_config_names_the_problem_in_one_line() throws IOException {
        Path config = dir.resolve("bad.json");
        Files.writeString(config, """
                {"sources": [{"name": "x", "type": "ftp", "config": {}}], "tokenizer": "%s", "output": "%s"}
                """.formatted(dir, dir.resolve("out")));

        Run run = run("prepare", "--config", config.toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err().lines().toList()).singleElement().asString().startsWith("error: ");
    }

    @Test
    void a_config_with_an_unknown_setting_is_rejected_before_anything_is_read() throws IOException {
        Path config = dir.resolve("typo.json");
        Files.writeString(config, """
                {"sources": [{"name": "x", "type": "directory", "config": {"root": "/"}}],
                 "tokenizer": "t", "output": "o", "dedup": {"jacardThreshold": 0.9}}
                """);

        Run run = run("prepare", "--config", config.toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).startsWith("error: ").contains("jacardThreshold").doesNotContain("\n\n");
        assertThat(dir.resolve("o")).doesNotExist();
    }

    @Test
    void wrong_usage_prints_the_usage_and_exits_with_2() {
        for (String[] args : new String[][] {{"prepare"}, {"prepare", "--config", "x.json", "--resume"}}) {
            Run run = run(args);

            assertThat(run.exit()).isEqualTo(2);
            assertThat(run.err()).startsWith("usage: enclave data prepare --config FILE");
        }
    }
}
