package ai.enclave.connectors.prepare;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.enclave.runtime.tokenizer.Tokenizer;
import ai.enclave.runtime.train.TokenShard;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CancellationException;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataPreparationTest {
    @TempDir
    static Path dir;

    static Path share, dataset, tokenizerDir, out;
    static DataPreparation.Result result;
    static final ObjectMapper JSON = new ObjectMapper();

    @BeforeAll
    static void prepareTheCorpusOnce() throws IOException {
        share = dir.resolve("share");
        dataset = dir.resolve("datasets");
        out = dir.resolve("snapshots");
        TestCorpus.write(share, dataset);
        tokenizerDir = TestCorpus.tokenizer(dir.resolve("tokenizer"), share);
        result = DataPreparation.run(config(), (phase, docs, bytes) -> {});
    }

    private static PrepareConfig config() throws IOException {
        return PrepareConfig.fromJson(JSON.readTree(TestCorpus.json(share, dataset, tokenizerDir, out)));
    }

    /** Every document of a split, decoded from its shards and cut at the end-of-text token. */
    private static List<String> decode(String split) throws IOException {
        Tokenizer tok = Tokenizer.load(tokenizerDir);
        int eot = tok.tokenId("<|endoftext|>");
        List<String> docs = new ArrayList<>();
        List<Path> shards;
        try (Stream<Path> files = Files.list(result.directory().resolve(split))) {
            shards = files.sorted().toList();
        }
        for (Path file : shards) {
            try (TokenShard shard = new TokenShard(file)) {
                List<Integer> current = new ArrayList<>();
                for (long i = 0; i < shard.tokens; i++) {
                    int id = shard.token(i);
                    if (id != eot) {
                        current.add(id);
                        continue;
                    }
                    docs.add(tok.decode(
                            current.stream().mapToInt(Integer::intValue).toArray(), false));
                    current.clear();
                }
                assertThat(current).as("a shard ends with an end-of-text token").isEmpty();
            }
        }
        return docs;
    }

    private static JsonNode stage(String name) {
        for (JsonNode s : result.manifest().get("stages"))
            if (s.get("stage").asText().equals(name)) return s;
        throw new AssertionError("no stage " + name);
    }

    @Test
    void the_engine_reads_train_and_val_shards_back_into_the_cleaned_documents() throws IOException {
        List<String> train = decode("train");
        List<String> val = decode("val");
        JsonNode m = result.manifest();

        assertThat(train).hasSize(m.get("documents").get("train").asInt());
        assertThat(val).hasSize(m.get("documents").get("val").asInt()).isNotEmpty();
        assertThat(train.size() + val.size()).isEqualTo(TestCorpus.PROSE_FILES + 1 + 10);
        List<String> all = new ArrayList<>(train);
        all.addAll(val);
        assertThat(all).noneMatch(t -> t.contains(TestCorpus.FOOTER)).noneMatch(t -> t.contains(TestCorpus.EMAIL));
        assertThat(all).anyMatch(t -> t.contains("Questions go to [EMAIL] or [PHONE]."));
        assertThat(m.get("shards").size()).as("4000-token shards").isGreaterThan(2);
    }

    @Test
    void every_stage_counts_documents_in_and_out_with_the_reasons_for_drops() {
        JsonNode m = result.manifest();

        assertThat(stage("normalise").get("in").asInt()).isEqualTo(TestCorpus.PROSE_FILES + 4 + 10);
        assertThat(stage("boilerplate").get("counts").get("lines_removed").asInt())
                .isEqualTo(TestCorpus.PROSE_FILES + 4);
        assertThat(stage("pii").get("counts").get("EMAIL").asInt()).isEqualTo(1);
        assertThat(stage("quality").get("dropped").get("too-few-words").asInt()).isEqualTo(1);
        assertThat(stage("exact-dedup").get("dropped").get("exact-duplicate").asInt())
                .isEqualTo(1);
        assertThat(stage("near-dedup").get("dropped").get("near-duplicate").asInt())
                .isEqualTo(1);
        assertThat(m.get("pii").get("PHONE").asInt()).isEqualTo(1);
        assertThat(m.get("languages").get("en").asInt())
                .isEqualTo(stage("language").get("out").asInt());
        JsonNode shareSource = m.get("sources").get(0);
        assertThat(shareSource.get("skipped").asInt()).isEqualTo(1);
        assertThat(shareSource.get("skipped_samples").get(0).get("id").asText()).isEqualTo("handbook/broken.pdf");
        List<String> droppedReasons = new ArrayList<>();
        m.get("samples")
                .get("dropped")
                .forEach(s -> droppedReasons.add(s.get("reason").asText()));
        assertThat(droppedReasons).contains("too-few-words", "exact-duplicate", "near-duplicate");
        assertThat(m.get("samples").get("kept").size()).isEqualTo(20);
    }

    @Test
    void the_snapshot_is_named_by_the_hash_of_its_manifest_which_hashes_every_shard() throws Exception {
        Path manifest = result.directory().resolve("manifest.json");
        String hash =
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(manifest)));

        assertThat(result.directory().getFileName().toString()).isEqualTo(hash).isEqualTo(result.id());
        for (JsonNode shard : result.manifest().get("shards")) {
            Path file = result.directory().resolve(shard.get("file").asText());
            assertThat(DataPreparation.sha256(file))
                    .isEqualTo(shard.get("sha256").asText());
            assertThat(Files.getPosixFilePermissions(file))
                    .as("read-only")
                    .doesNotContain(
                            PosixFilePermission.OWNER_WRITE,
                            PosixFilePermission.GROUP_WRITE,
                            PosixFilePermission.OTHERS_WRITE);
        }
        assertThat(result.manifest().get("tokenizer").get("end_of_text").asText())
                .isEqualTo("<|endoftext|>");
        try (Stream<Path> left = Files.list(out)) {
            assertThat(left).as("no temporary files left").containsExactly(result.directory());
        }
    }

    @Test
    void the_same_input_and_settings_give_the_same_snapshot_which_is_left_untouched() throws IOException {
        DataPreparation.Result again = DataPreparation.run(config(), (phase, docs, bytes) -> {});

        assertThat(again.id()).isEqualTo(result.id());
        assertThat(again.alreadyExisted()).isTrue();
    }

    @Test
    void a_progress_that_throws_stops_the_run_and_leaves_no_snapshot_only_its_run_directory(@TempDir Path tmp)
            throws IOException {
        PrepareConfig elsewhere = PrepareConfig.fromJson(
                JSON.readTree(TestCorpus.json(share, dataset, tokenizerDir, tmp.resolve("snapshots"))));
        int[] reports = {0};

        assertThatThrownBy(() -> DataPreparation.run(elsewhere, (phase, docs, bytes) -> {
                    if (phase.equals("clean and tokenize") && ++reports[0] == 1) {
                        throw new CancellationException("stop requested");
                    }
                }))
                .isInstanceOf(CancellationException.class);

        try (Stream<Path> left = Files.list(tmp.resolve("snapshots"))) {
            assertThat(left.map(p -> p.getFileName().toString()))
                    .as("what the next run resumes from (DataPreparationResumeTest)")
                    .singleElement()
                    .satisfies(name -> assertThat(name).startsWith(".run-"));
        }
    }

    @Test
    void a_properties_config_spelling_the_same_tree_gives_the_same_snapshot(@TempDir Path tmp) throws IOException {
        Properties p = new Properties();
        p.setProperty("sources.0.name", "share");
        p.setProperty("sources.0.type", "directory");
        p.setProperty("sources.0.config.root", share.toString());
        p.setProperty("sources.1.name", "open");
        p.setProperty("sources.1.type", "jsonl");
        p.setProperty("sources.1.config.path", dataset.toString());
        p.setProperty("sources.1.config.textField", "content");
        p.setProperty("tokenizer", tokenizerDir.toString());
        p.setProperty("output", out.toString());
        p.setProperty("validationFraction", "0.2");
        p.setProperty("shardTokens", "4000");
        p.setProperty("boilerplate.minDocuments", "5");
        p.setProperty("boilerplate.minDocumentFraction", "0.2");
        p.setProperty("quality.minWords", "20");
        p.setProperty("dedup.jaccardThreshold", "0.7");
        Path file = tmp.resolve("prepare.properties");
        try (var w = Files.newBufferedWriter(file)) {
            p.store(w, null);
        }

        assertThat(PrepareConfig.load(file)).usingRecursiveComparison().isEqualTo(config());
    }
}
