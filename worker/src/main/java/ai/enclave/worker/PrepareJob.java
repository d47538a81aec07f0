/*
 * A `prepare` job: one source through the data pipeline into a dataset snapshot. First the source is
 * synced into its store, <artifacts>/sources/source-<id or name>/ (connectors' Sync and SourceStore):
 * only what changed since the last job is read, and what the source deleted leaves the store. When the
 * spec asks for a new tokenizer, a byte-level BPE tokenizer is trained on the store's documents (PII
 * redacted, as the pipeline will) into <artifacts>/tokenizers/job-<id>/ with the ChatML chat files (so
 * models trained on it get a template and stop tokens), and then the pipeline (connectors'
 * DataPreparation) reads the store through the `store` connector and writes the snapshot under
 * <artifacts>/snapshots/. A job killed during the sync resumes it from its last commit when re-run; a
 * job stopped or killed in the pipeline resumes the pipeline from its last checkpoint when re-run with
 * the same tokenizer, unless the re-run's sync changed the store (then the pipeline starts over, so the
 * snapshot holds what the store holds now). The source's encrypted
 * secrets are decrypted here (SourceSecrets), just before the connector gets the config.
 */
package ai.enclave.worker;

import ai.enclave.connectors.pipeline.PiiRedactor;
import ai.enclave.connectors.prepare.DataPreparation;
import ai.enclave.connectors.prepare.PrepareConfig;
import ai.enclave.connectors.spi.CloseableIterator;
import ai.enclave.connectors.spi.ConnectorContext;
import ai.enclave.connectors.spi.ConnectorRegistry;
import ai.enclave.connectors.spi.Document;
import ai.enclave.connectors.store.StoreConnector;
import ai.enclave.connectors.sync.SourceStore;
import ai.enclave.connectors.sync.Sync;
import ai.enclave.runtime.chattemplate.ModelChatFiles;
import ai.enclave.runtime.tokenizer.Tokenizer;
import ai.enclave.runtime.tokenizer.train.BpeTrainer;
import ai.enclave.runtime.tokenizer.train.TokenizerTraining;
import ai.enclave.runtime.tokenizer.train.TrainerConfig;
import ai.enclave.runtime.tokenizer.train.WordCounter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.stream.Stream;

final class PrepareJob implements JobRun {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** What of the manifest the snapshot page shows; shards and settings stay in the manifest file. */
    private static final List<String> STATS =
            List.of("documents", "tokens", "sources", "stages", "pii", "languages", "samples");

    @Override
    public Outcome run(JsonNode spec, JobContext context) throws Exception {
        JsonNode stored = SpecFields.required(spec, "source");
        String name = SpecFields.required(stored, "name").asText();
        String type = SpecFields.required(stored, "type").asText();
        Path storeDir = context.artifacts().resolve("sources").resolve(storeName(stored));
        Sync.Report synced = sync(stored, storeDir, context);
        if (!synced.complete()) {
            return new Outcome.Cancelled();
        }
        JsonNode tokenizerSpec = SpecFields.required(spec, "tokenizer");
        Path tokenizerDir;
        if (tokenizerSpec.has("train")) {
            int vocabSize =
                    SpecFields.required(tokenizerSpec.get("train"), "vocabSize").asInt();
            tokenizerDir = context.artifacts().resolve("tokenizers").resolve("job-" + context.jobId());
            trainTokenizer(storeDir, vocabSize, tokenizerDir, context);
        } else {
            tokenizerDir = Path.of(SpecFields.required(tokenizerSpec, "dir").asText());
        }
        if (context.stopRequested()) {
            return new Outcome.Cancelled();
        }
        ObjectNode config = JSON.createObjectNode();
        // the source's own name, so document ids and the manifest's source report keep it
        ObjectNode source =
                config.putArray("sources").addObject().put("name", name).put("type", StoreConnector.TYPE);
        source.putObject("config").put("dir", storeDir.toString());
        config.put("tokenizer", tokenizerDir.toString());
        config.put("output", context.artifacts().resolve("snapshots").toString());
        if (spec.has("validationFraction")) {
            config.set("validationFraction", spec.get("validationFraction"));
        }
        DataPreparation.Result snapshot;
        try {
            boolean storeChanged = synced.added() + synced.changed() + synced.deleted() > 0;
            snapshot = DataPreparation.run(
                    PrepareConfig.fromJson(config),
                    (phase, documents, bytes) -> {
                        if (context.stopRequested()) {
                            throw new CancellationException("the pipeline run was stopped");
                        }
                        context.progress(progress("pipeline", documents, bytes));
                    },
                    DataPreparation.Options.DEFAULT.withRestart(storeChanged));
        } catch (CancellationException e) {
            // the synced store and the pipeline's checkpoint stay: running the job again resumes from them
            return new Outcome.Cancelled();
        }
        return new Outcome.Succeeded(result(snapshot, tokenizerDir, type, synced));
    }

    /**
     * {@code source-<id>} when the spec carries the source's id, else {@code source-<name>} (characters
     * other than letters, digits, '.', '_' and '-' replaced, plus a hash of the name when any were).
     */
    static String storeName(JsonNode source) {
        if (source.hasNonNull("id")) {
            return "source-" + source.get("id").asText().replaceAll("[^A-Za-z0-9._-]", "_");
        }
        String name = source.path("name").asText();
        String safe = name.replaceAll("[^A-Za-z0-9._-]", "_");
        if (safe.equals(name) && !name.startsWith(".")) {
            return "source-" + name;
        }
        return "source-" + safe + "-" + HexFormat.of().formatHex(sha256(name), 0, 4);
    }

    /**
     * Syncs the source into its store. In the store's directory, {@code source.json} says what it was synced from
     * (the type and a SHA-256 of the config without its encrypted values, so no secret is written out);
     * when that changed, the stored cursor means nothing for the new config, so the store starts again
     * from empty. A changed password alone keeps the store.
     */
    private static Sync.Report sync(JsonNode stored, Path storeDir, JobContext context) throws IOException {
        String config = withoutEncryptedValues(stored.path("config")).toString();
        ObjectNode origin = JSON.createObjectNode()
                .put("type", stored.get("type").asText())
                .put("configSha256", HexFormat.of().formatHex(sha256(config)));
        Path originFile = storeDir.resolve("source.json");
        if (Files.isRegularFile(originFile)
                && !JSON.readTree(originFile.toFile()).equals(origin)) {
            context.log("the source's type or config changed since its last sync: syncing into an empty store");
            deleteTree(storeDir);
        }
        Files.createDirectories(storeDir);
        Files.writeString(originFile, origin.toString());
        JsonNode source = withPlainConfig(stored);
        Sync sync = new Sync(
                Sync.DEFAULT_COMMIT_EVERY, report -> context.progress(syncProgress(report)), context::stopRequested);
        Sync.Report report = sync.run(
                storeDir,
                Sync.source(ConnectorRegistry.load(), origin.get("type").asText(), source.path("config")),
                ConnectorContext.of((id, reason) -> {}));
        context.log("synced " + report.read() + " documents (" + report.added() + " added, " + report.changed()
                + " changed, " + report.unchanged() + " unchanged), " + report.deleted() + " deleted, "
                + report.skipped() + " skipped; the store holds " + report.storeDocuments());
        return report;
    }

    private static JsonNode withoutEncryptedValues(JsonNode config) {
        if (config.isObject()) {
            ObjectNode copy = JSON.createObjectNode();
            config.properties().forEach(p -> {
                if (!(p.getValue().isTextual() && p.getValue().asText().startsWith("enc:"))) {
                    copy.set(p.getKey(), withoutEncryptedValues(p.getValue()));
                }
            });
            return copy;
        }
        return config;
    }

    private static ObjectNode syncProgress(Sync.Report r) {
        return JSON.createObjectNode()
                .put("phase", "sync")
                .put("documents", r.read())
                .put("bytes", r.characters())
                .put("added", r.added())
                .put("changed", r.changed())
                .put("unchanged", r.unchanged())
                .put("deleted", r.deleted())
                .put("skipped", r.skipped());
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

    /** Counts the words of every document in the store, learns the merges, writes tokenizer + chat files. */
    private static void trainTokenizer(Path storeDir, int vocabSize, Path dir, JobContext context) throws IOException {
        TrainerConfig config = TrainerConfig.byteLevel(vocabSize);
        WordCounter counter = new WordCounter(config, TokenizerTraining.MAX_WORDS);
        long documents = 0, characters = 0;
        try (SourceStore store = SourceStore.openReadOnly(storeDir);
                CloseableIterator<Document> reader = store.documents()) {
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
        BpeTrainer.Result trained = TokenizerTraining.train(counter, config, dir.resolve("tokenizer.json"));
        ModelChatFiles.write(dir, Tokenizer.load(dir));
        context.log("trained a tokenizer of " + trained.vocab().size() + " tokens on " + documents + " documents");
    }

    /**
     * The job's result. The manifest names the source as read by the pipeline (type {@code store}); the
     * snapshot page shows the source's own type, and the sync's counts beside it.
     */
    private static ObjectNode result(
            DataPreparation.Result snapshot, Path tokenizerDir, String type, Sync.Report synced) throws IOException {
        ObjectNode manifest = snapshot.manifest();
        ObjectNode result = JSON.createObjectNode();
        result.put("contentId", snapshot.id());
        result.put("directory", snapshot.directory().toString());
        result.put("tokenizerDir", tokenizerDir.toString());
        result.put("vocabSize", Tokenizer.load(tokenizerDir).vocabSize());
        result.put("documents", sum(manifest.path("documents")));
        result.put("tokens", sum(manifest.path("tokens")));
        ObjectNode sync = syncProgress(synced).without(List.of("phase", "documents", "bytes"));
        sync.put("read", synced.read()).put("storeDocuments", synced.storeDocuments());
        result.set("sync", sync);
        ObjectNode stats = result.putObject("stats");
        for (String field : STATS) {
            if (manifest.has(field)) {
                stats.set(field, manifest.get(field).deepCopy());
            }
        }
        for (JsonNode source : stats.path("sources")) {
            ((ObjectNode) source).put("type", type).set("sync", sync);
        }
        return result;
    }

    /** Train plus validation. */
    private static long sum(JsonNode split) {
        return split.path("train").asLong() + split.path("val").asLong();
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static ObjectNode progress(String phase, long documents, long bytes) {
        return JSON.createObjectNode()
                .put("phase", phase)
                .put("documents", documents)
                .put("bytes", bytes);
    }
}
