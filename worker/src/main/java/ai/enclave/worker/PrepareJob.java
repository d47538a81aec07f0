/*
 * A `prepare` job: one source through the data pipeline into a dataset snapshot. When the spec asks
 * for a new tokenizer, the source's documents are read once with their connector (PII redacted, as the
 * pipeline will), a byte-level BPE tokenizer is trained on them into <artifacts>/tokenizers/job-<id>/
 * with the ChatML chat files (so models trained on it get a template and stop tokens), and then the
 * pipeline (connectors' DataPreparation) writes the snapshot under <artifacts>/snapshots/. Re-running
 * after a crash repeats the work; the snapshot's content id makes the result the same. The source's
 * encrypted secrets are decrypted here (SourceSecrets), just before the connectors get the config.
 */
package ai.enclave.worker;

import ai.enclave.connectors.pipeline.PiiRedactor;
import ai.enclave.connectors.prepare.DataPreparation;
import ai.enclave.connectors.prepare.PrepareConfig;
import ai.enclave.connectors.spi.ConnectorContext;
import ai.enclave.connectors.spi.ConnectorRegistry;
import ai.enclave.connectors.spi.Cursor;
import ai.enclave.connectors.spi.Document;
import ai.enclave.connectors.spi.DocumentReader;
import ai.enclave.runtime.chattemplate.ModelChatFiles;
import ai.enclave.runtime.tokenizer.Tokenizer;
import ai.enclave.runtime.tokenizer.TokenizerJson;
import ai.enclave.runtime.tokenizer.train.BpeTrainer;
import ai.enclave.runtime.tokenizer.train.TokenizerTraining;
import ai.enclave.runtime.tokenizer.train.TrainerConfig;
import ai.enclave.runtime.tokenizer.train.WordCounter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;

final class PrepareJob implements JobRun {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** What of the manifest the snapshot page shows; shards and settings stay in the manifest file. */
    private static final List<String> STATS =
            List.of("documents", "tokens", "sources", "stages", "pii", "languages", "samples");

    @Override
    public Outcome run(JsonNode spec, JobContext context) throws Exception {
        JsonNode source = withPlainConfig(SpecFields.required(spec, "source"));
        JsonNode tokenizerSpec = SpecFields.required(spec, "tokenizer");
        Path tokenizerDir;
        if (tokenizerSpec.has("train")) {
            int vocabSize =
                    SpecFields.required(tokenizerSpec.get("train"), "vocabSize").asInt();
            tokenizerDir = context.artifacts().resolve("tokenizers").resolve("job-" + context.jobId());
            trainTokenizer(source, vocabSize, tokenizerDir, context);
        } else {
            tokenizerDir = Path.of(SpecFields.required(tokenizerSpec, "dir").asText());
        }
        if (context.stopRequested()) {
            return new Outcome.Cancelled();
        }
        ObjectNode config = JSON.createObjectNode();
        config.putArray("sources").add(source);
        config.put("tokenizer", tokenizerDir.toString());
        config.put("output", context.artifacts().resolve("snapshots").toString());
        if (spec.has("validationFraction")) {
            config.set("validationFraction", spec.get("validationFraction"));
        }
        DataPreparation.Result snapshot = DataPreparation.run(
                PrepareConfig.fromJson(config),
                (phase, documents, bytes) -> context.progress(progress("pipeline", documents, bytes)));
        return new Outcome.Succeeded(result(snapshot, tokenizerDir));
    }

    /** The source with its config decrypted, for the connectors only (the manifest keeps name and type). */
    private static JsonNode withPlainConfig(JsonNode source) {
        if (!(source instanceof ObjectNode object) || !object.has("config")) {
            return source;
        }
        ObjectNode plain = object.deepCopy();
        plain.set("config", SourceSecrets.decrypted(object.get("config"), SourceSecrets.keyFileFromEnvironment()));
        return plain;
    }

    /** Counts the words of every document of the source, learns the merges, writes tokenizer + chat files. */
    private static void trainTokenizer(JsonNode source, int vocabSize, Path dir, JobContext context)
            throws IOException {
        TrainerConfig config = TrainerConfig.byteLevel(vocabSize);
        WordCounter counter = new WordCounter(config.preTokenizer(), TokenizerTraining.MAX_WORDS);
        long documents = 0, characters = 0;
        ConnectorContext skipped = ConnectorContext.of((id, reason) -> {});
        try (DocumentReader reader = ConnectorRegistry.load()
                .read(SpecFields.required(source, "type").asText(), source.path("config"), Cursor.START, skipped)) {
            while (reader.hasNext() && !context.stopRequested()) {
                Document document = reader.next();
                // Redacted first, so no e-mail address or phone number can become a vocabulary entry.
                counter.countText(PiiRedactor.redact(document.text(), new HashMap<>()));
                documents++;
                characters += document.text().length();
                context.progress(progress("extract", documents, characters));
            }
        }
        context.progress(progress("tokenizer", documents, characters));
        BpeTrainer.Result trained = BpeTrainer.train(counter.counts(), config);
        Files.createDirectories(dir);
        TokenizerJson.writeByteLevel(
                dir.resolve("tokenizer.json"), trained.vocab(), trained.merges(), trained.specials(), config.regex());
        ModelChatFiles.write(dir, Tokenizer.load(dir));
        context.log("trained a tokenizer of " + trained.vocab().size() + " tokens on " + documents + " documents");
    }

    private static ObjectNode result(DataPreparation.Result snapshot, Path tokenizerDir) throws IOException {
        ObjectNode manifest = snapshot.manifest();
        ObjectNode result = JSON.createObjectNode();
        result.put("contentId", snapshot.id());
        result.put("directory", snapshot.directory().toString());
        result.put("tokenizerDir", tokenizerDir.toString());
        result.put("vocabSize", Tokenizer.load(tokenizerDir).vocabSize());
        result.put("documents", sum(manifest.path("documents")));
        result.put("tokens", sum(manifest.path("tokens")));
        ObjectNode stats = result.putObject("stats");
        for (String field : STATS) {
            if (manifest.has(field)) {
                stats.set(field, manifest.get(field));
            }
        }
        return result;
    }

    /** Train plus validation. */
    private static long sum(JsonNode split) {
        return split.path("train").asLong() + split.path("val").asLong();
    }

    private static ObjectNode progress(String phase, long documents, long bytes) {
        return JSON.createObjectNode()
                .put("phase", phase)
                .put("documents", documents)
                .put("bytes", bytes);
    }
}
