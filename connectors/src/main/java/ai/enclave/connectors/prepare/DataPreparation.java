package ai.enclave.connectors.prepare;

import ai.enclave.connectors.pipeline.ExactDedup;
import ai.enclave.connectors.pipeline.LanguageId;
import ai.enclave.connectors.pipeline.LineFrequencies;
import ai.enclave.connectors.pipeline.NearDedup;
import ai.enclave.connectors.pipeline.Normalise;
import ai.enclave.connectors.pipeline.PiiRedactor;
import ai.enclave.connectors.pipeline.QualityFilter;
import ai.enclave.connectors.pipeline.Stage;
import ai.enclave.connectors.pipeline.StageStats;
import ai.enclave.connectors.pipeline.Verdict;
import ai.enclave.connectors.spi.CloseableIterator;
import ai.enclave.connectors.spi.ConnectorContext;
import ai.enclave.connectors.spi.ConnectorRegistry;
import ai.enclave.connectors.spi.Cursor;
import ai.enclave.connectors.spi.Document;
import ai.enclave.connectors.spi.DocumentReader;
import ai.enclave.runtime.tokenizer.Tokenizer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * One {@code data prepare} run: read every source, normalise, cut boilerplate, tag languages, redact
 * PII, filter on quality, deduplicate, tokenize into train and validation shards, and publish an immutable snapshot
 * directory named by the SHA-256 of its manifest (which lists the hash of every shard and of the
 * document index, so the name covers all content; the same input and settings give the same name).
 *
 * <p>Two passes: the first reads the sources and spools normalised text to a temporary file while
 * counting lines for boilerplate detection; the second runs the remaining stages over the spool. Pure
 * stages (with each survivor's SHA-256 and MinHash signature) and tokenization run in parallel over
 * batches on a pool of one worker per core, order kept; the dedup lookups run in document order on the
 * calling thread. Each pass overlaps its steps: the next batch is read (first pass) or cleaned (second
 * pass) while the previous one is spooled, or deduplicated, tokenized and written.
 * Everything is written under a temporary directory in the output directory and moved into place at
 * the end, so a failed run leaves no partial snapshot. Not resumable yet.
 */
public final class DataPreparation {
    /**
     * Progress callback: a phase name and running totals; optionally every document's fate (the bench
     * scores dedup and PII redaction with these). Each method is called by one thread at a time, the
     * per-document ones in document order; {@code report} may run at the same time as the other two.
     */
    public interface Progress {
        /**
         * Called on the run's own thread after every batch. Throwing an unchecked exception here (the
         * worker throws CancellationException when its job is cancelled) stops the run: it ends with
         * that exception, its temporary files removed and no snapshot published.
         */
        void report(String phase, long documents, long bytes);

        /** A stage dropped the document (as it entered that stage). */
        default void dropped(Document document, String stage, String reason) {}

        /** The document passed every stage and is written to a shard, with exactly this text. */
        default void kept(Document document) {}
    }

    /**
     * The published snapshot: its directory, id, whether an identical one already existed, its manifest,
     * and the CPU seconds spent per step (summed over threads; kept out of the manifest, which must not
     * change from run to run).
     */
    public record Result(
            Path directory, String id, boolean alreadyExisted, ObjectNode manifest, Map<String, Double> cpuSeconds) {}

    static final String FORMAT = "enclave-dataset-snapshot/1";
    /** Documents per batch: enough to keep every core busy between the ordered steps. */
    private static final int BATCH = 1024;

    private static final int SAMPLE_CHARS = 1000;
    private static final int DROPPED_SAMPLES_PER_REASON = 3;
    private static final List<String> END_OF_TEXT_CANDIDATES =
            List.of("<|endoftext|>", "<|end_of_text|>", "</s>", "<eos>");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final PrepareConfig config;
    private final Progress progress;
    private final Map<String, StageStats> stats = new LinkedHashMap<>();
    private final ArrayNode sourceReports = JSON.createArrayNode();
    private final ArrayNode keptSamples = JSON.createArrayNode();
    private final ArrayNode droppedSamples = JSON.createArrayNode();
    private final Map<String, Integer> droppedSamplesPerReason = new HashMap<>();
    private final Map<String, LongAdder> nanos = new ConcurrentHashMap<>();
    /**
     * Runs the parallel steps (parallel streams started inside it stay in it). Its own pool, not the
     * common one: the common pool has one worker fewer than there are cores, and Lingua runs its own
     * tasks there.
     */
    private final ForkJoinPool workers = new ForkJoinPool(Runtime.getRuntime().availableProcessors());

    private DataPreparation(PrepareConfig config, Progress progress) {
        this.config = config;
        this.progress = progress;
    }

    public static Result run(PrepareConfig config, Progress progress) throws IOException {
        DataPreparation run = new DataPreparation(config, progress);
        try {
            return run.run();
        } finally {
            run.workers.shutdownNow();
        }
    }

    private Result run() throws IOException {
        Path tokenizerPath = Path.of(config.tokenizer());
        Tokenizer tokenizer;
        try {
            tokenizer = Tokenizer.load(tokenizerPath);
        } catch (IOException e) {
            throw new IOException("cannot load the tokenizer: " + e.getMessage(), e);
        }
        String eotToken = endOfTextToken(tokenizer);
        int eot = tokenizer.tokenId(eotToken);
        Path output = Files.createDirectories(Path.of(config.output()));
        String runId = UUID.randomUUID().toString();
        Path work = output.resolve(".tmp-" + runId);
        Path spool = output.resolve(".tmp-" + runId + ".spool");
        try {
            LineFrequencies lines = firstPass(spool);
            Files.createDirectories(work);
            ObjectNode manifest = secondPass(spool, lines, work, tokenizer, eot);
            ObjectNode tok = JSON.createObjectNode();
            tok.put(
                    "name",
                    tokenizerPath.toAbsolutePath().normalize().getFileName().toString());
            tok.put("sha256", sha256(tokenizerJson(tokenizerPath)));
            tok.put("vocab_size", tokenizer.vocabSize());
            tok.put("end_of_text", eotToken);
            tok.put("end_of_text_id", eot);
            manifest.set("tokenizer", tok);
            manifest.set("settings", settings());
            return publish(manifest, work, output, cpuSeconds());
        } finally {
            Files.deleteIfExists(spool);
            deleteTree(work);
        }
    }

    /**
     * Reads all sources, normalises, spools and counts lines for boilerplate. While a source is
     * processed, the next one is read ahead on its own thread into a temporary file (its raw documents,
     * in order), so a slow extraction (Tika on a file share) overlaps with the work on the source before
     * it instead of leaving the other cores idle. Documents still reach normalising, the line counts and
     * the spool in source order, so the result is the same as reading one source after another.
     */
    private LineFrequencies firstPass(Path spool) throws IOException {
        ConnectorRegistry registry = ConnectorRegistry.load();
        Normalise normalise = new Normalise();
        StageStats normaliseStats = stage(normalise.name());
        LineFrequencies lines = new LineFrequencies(config.boilerplate().minLineChars());
        List<Reading> readings = new ArrayList<>();
        for (int i = 0; i < config.sources().size(); i++) {
            readings.add(
                    new Reading(config.sources().get(i), spool.resolveSibling(spool.getFileName() + ".ahead-" + i)));
        }
        ExecutorService ahead = Executors.newSingleThreadExecutor(r -> new Thread(r, "read-ahead"));
        try (Spool.Writer out = new Spool.Writer(spool)) {
            Future<?> next = null;
            for (int i = 0; i < readings.size(); i++) {
                Reading reading = readings.get(i);
                PrepareConfig.Source source = reading.source;
                CloseableIterator<Document> reader;
                if (i == 0) reader = registry.read(source.type(), source.config(), Cursor.START, reading.context);
                else {
                    awaitIo(next);
                    reader = new Spool.Reader(reading.aheadFile);
                }
                if (i + 1 < readings.size()) next = ahead.submit(readAhead(registry, readings.get(i + 1)));
                long documents = 0, bytes = 0;
                List<Document> batch = new ArrayList<>(BATCH);
                Pending pending = new Pending();
                try (reader) {
                    while (true) {
                        long t0 = System.nanoTime();
                        Document d = reader.hasNext() ? reader.next() : null;
                        time("read", t0);
                        if (d == null) break;
                        Map<String, String> meta = new HashMap<>(d.metadata());
                        meta.put("source", source.name());
                        batch.add(new Document(source.name() + "/" + d.id(), d.text(), meta));
                        documents++;
                        bytes += d.text().length();
                        if (batch.size() == BATCH) {
                            // the reader goes on with the next batch while this one is normalised and spooled
                            List<Document> full = batch;
                            pending.then(() -> normaliseBatch(full, normalise, normaliseStats, lines, out));
                            batch = new ArrayList<>(BATCH);
                            progress.report("read " + source.name(), documents, bytes);
                        }
                    }
                } finally {
                    pending.await();
                }
                Files.deleteIfExists(reading.aheadFile);
                normaliseBatch(batch, normalise, normaliseStats, lines, out);
                progress.report("read " + source.name(), documents, bytes);
                reading.report
                        .put("documents", documents)
                        .put("characters", bytes)
                        .put("skipped", reading.skipped[0]);
                reading.report.set("skipped_samples", reading.skippedSamples);
            }
        } finally {
            ahead.shutdownNow();
            for (Reading reading : readings) Files.deleteIfExists(reading.aheadFile);
        }
        return lines;
    }

    /** One source of the first pass: its report (filled in source order) and where it is read ahead to. */
    private final class Reading {
        final PrepareConfig.Source source;
        final Path aheadFile;
        final ObjectNode report = sourceReports.addObject();
        final ArrayNode skippedSamples = JSON.createArrayNode();
        final long[] skipped = {0};
        final ConnectorContext context;

        Reading(PrepareConfig.Source source, Path aheadFile) {
            this.source = source;
            this.aheadFile = aheadFile;
            report.put("name", source.name()).put("type", source.type());
            context = ConnectorContext.of((id, reason) -> {
                if (skipped[0]++ < 20) skippedSamples.addObject().put("id", id).put("reason", reason);
            });
        }
    }

    /** Reads a source's documents as they come into its read-ahead file (timed as reading). */
    private Callable<Void> readAhead(ConnectorRegistry registry, Reading reading) {
        return () -> {
            long t0 = System.nanoTime();
            try (Spool.Writer out = new Spool.Writer(reading.aheadFile);
                    DocumentReader reader = registry.read(
                            reading.source.type(), reading.source.config(), Cursor.START, reading.context)) {
                while (reader.hasNext()) out.write(reader.next());
            } finally {
                time("read", t0);
            }
            return null;
        };
    }

    /** Waits for a read-ahead; its failure is the run's, as if the source had been read here. */
    private static void awaitIo(Future<?> future) throws IOException {
        try {
            future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) throw io;
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw new IOException(e.getCause());
        }
    }

    private void normaliseBatch(
            List<Document> batch, Normalise normalise, StageStats st, LineFrequencies lines, Spool.Writer out)
            throws IOException {
        List<Verdict> verdicts = parallel(batch, d -> timed(normalise, d));
        long t0 = System.nanoTime();
        for (int i = 0; i < batch.size(); i++) {
            Verdict v = verdicts.get(i);
            st.record(v);
            if (!v.kept()) {
                dropped(batch.get(i), normalise.name(), v);
                continue;
            }
            lines.add(v.document());
            out.write(v.document());
        }
        time("spool", t0);
        batch.clear();
    }

    private ObjectNode secondPass(Path spool, LineFrequencies lines, Path work, Tokenizer tokenizer, int eot)
            throws IOException {
        List<Stage> pure = new ArrayList<>();
        if (config.boilerplate().enabled()) pure.add(lines.removal(config.boilerplate()));
        if (config.language().enabled()) pure.add(new LanguageId(config.language()));
        if (config.redactPii()) pure.add(new PiiRedactor());
        if (config.filterQuality()) pure.add(new QualityFilter(config.quality()));
        ExactDedup exact = config.dedup().exact() ? new ExactDedup() : null;
        NearDedup near = config.dedup().near() ? new NearDedup(config.dedup()) : null;
        for (Stage st : pure) stage(st.name());
        if (exact != null) stage(exact.name());
        if (near != null) stage(near.name());

        ShardWriter train = new ShardWriter(work, "train", tokenizer.vocabSize(), config.shardTokens());
        ShardWriter val = new ShardWriter(work, "val", tokenizer.vocabSize(), config.shardTokens());
        Path index = work.resolve("documents.jsonl");
        long done = 0, bytes = 0;
        try (Spool.Reader in = new Spool.Reader(spool);
                BufferedWriter indexOut = Files.newBufferedWriter(index, StandardCharsets.UTF_8)) {
            // one batch is cleaned (parallel) while the one before is deduplicated, tokenized and written
            Future<List<Cleaned>> next = cleanAsync(readBatch(in), pure, exact, near);
            while (true) {
                List<Cleaned> cleaned = await(next);
                if (cleaned.isEmpty()) break;
                next = cleanAsync(readBatch(in), pure, exact, near);
                List<Cleaned> survivors = deduplicate(cleaned, pure, exact, near);
                List<int[]> ids = parallel(survivors, c -> {
                    long t0 = System.nanoTime();
                    int[] tokens = withEndOfText(tokenizer.encode(c.document().text(), false), eot);
                    time("tokenize", t0);
                    return tokens;
                });
                long t0 = System.nanoTime();
                for (int i = 0; i < survivors.size(); i++) {
                    Document d = survivors.get(i).document();
                    byte[] hash = survivors.get(i).sha256();
                    boolean isVal = heldOut(hash);
                    (isVal ? val : train).add(ids.get(i));
                    ObjectNode line = JSON.createObjectNode()
                            .put("id", d.id())
                            .put("split", isVal ? "val" : "train")
                            .put("tokens", ids.get(i).length)
                            .put("sha256", HexFormat.of().formatHex(hash));
                    indexOut.write(line.toString());
                    indexOut.write('\n');
                    sampleKept(d);
                    progress.kept(d);
                }
                time("write", t0);
                for (Cleaned c : cleaned) bytes += c.input().text().length();
                done += cleaned.size();
                progress.report("clean and tokenize", done, bytes);
            }
        }

        ObjectNode manifest = JSON.createObjectNode();
        manifest.put("format", FORMAT);
        manifest.put("validation_fraction", config.validationFraction());
        manifest.putObject("documents").put("train", train.documents()).put("val", val.documents());
        manifest.putObject("tokens").put("train", train.tokens()).put("val", val.tokens());
        ArrayNode shards = manifest.putArray("shards");
        for (ShardWriter w : List.of(train, val)) {
            for (ShardWriter.Shard s : w.finish()) {
                shards.addObject()
                        .put("file", s.file())
                        .put("tokens", s.tokens())
                        .put("sha256", sha256(work.resolve(s.file())));
            }
        }
        manifest.putObject("document_index").put("file", "documents.jsonl").put("sha256", sha256(index));
        manifest.set("sources", sourceReports);
        ArrayNode stages = manifest.putArray("stages");
        for (StageStats s : stats.values()) {
            ObjectNode n =
                    stages.addObject().put("stage", s.stage).put("in", s.in).put("out", s.out);
            n.set("dropped", JSON.valueToTree(s.dropped));
            if (!s.counts.isEmpty()) n.set("counts", JSON.valueToTree(s.counts));
        }
        StageStats pii = stats.get("pii");
        manifest.set("pii", JSON.valueToTree(pii == null ? Map.of() : pii.counts));
        StageStats languages = stats.get("language");
        manifest.set("languages", JSON.valueToTree(languages == null ? Map.of() : languages.counts));
        ObjectNode samples = manifest.putObject("samples");
        samples.set("kept", keptSamples);
        samples.set("dropped", droppedSamples);
        return manifest;
    }

    /**
     * One document after the pure stages: their verdicts in order (the chain stops at a drop), and for a
     * survivor its final form with the SHA-256 of its text and its MinHash signature, computed here in
     * parallel so that the ordered dedup stages only look them up.
     */
    private record Cleaned(Document input, List<Verdict> chain, Document document, byte[] sha256, int[] signature) {}

    private List<Document> readBatch(Spool.Reader in) {
        long t0 = System.nanoTime();
        List<Document> batch = new ArrayList<>(BATCH);
        while (batch.size() < BATCH && in.hasNext()) batch.add(in.next());
        time("spool", t0);
        return batch;
    }

    private Future<List<Cleaned>> cleanAsync(List<Document> batch, List<Stage> pure, ExactDedup exact, NearDedup near) {
        return workers.submit(() -> batch.parallelStream()
                .map(d -> {
                    List<Verdict> chain = new ArrayList<>(pure.size());
                    Document current = d;
                    for (Stage st : pure) {
                        Verdict v = timed(st, current);
                        chain.add(v);
                        if (!v.kept()) return new Cleaned(d, chain, null, null, null);
                        current = v.document();
                    }
                    long t0 = System.nanoTime();
                    byte[] sha = sha256(current.text().getBytes(StandardCharsets.UTF_8));
                    time(exact == null ? "write" : "exact-dedup", t0);
                    int[] signature = null;
                    if (near != null) {
                        t0 = System.nanoTime();
                        signature = near.signature(current);
                        time(near.name(), t0);
                    }
                    return new Cleaned(d, chain, current, sha, signature);
                })
                .toList());
    }

    /** Statistics and samples of the pure stages in document order, then exact and near dedup. */
    private List<Cleaned> deduplicate(List<Cleaned> batch, List<Stage> pure, ExactDedup exact, NearDedup near) {
        List<Cleaned> survivors = new ArrayList<>(batch.size());
        for (Cleaned c : batch) {
            Document current = c.input();
            for (int st = 0; st < c.chain().size(); st++) {
                Verdict v = c.chain().get(st);
                stats.get(pure.get(st).name()).record(v);
                if (!v.kept()) dropped(current, pure.get(st).name(), v);
                else current = v.document();
            }
            if (c.document() == null) continue;
            if (exact != null && !ordered(exact, c.document(), () -> exact.apply(c.document(), c.sha256()))) continue;
            if (near != null && !ordered(near, c.document(), () -> near.apply(c.document(), c.signature()))) continue;
            survivors.add(c);
        }
        return survivors;
    }

    private boolean ordered(Stage stage, Document d, Supplier<Verdict> apply) {
        long t0 = System.nanoTime();
        Verdict v = apply.get();
        time(stage.name(), t0);
        stats.get(stage.name()).record(v);
        if (!v.kept()) dropped(d, stage.name(), v);
        return v.kept();
    }

    /** {@code f} over the list on the worker pool, results in list order. */
    private <T, R> List<R> parallel(List<T> items, Function<T, R> f) {
        return await(workers.submit(() -> items.parallelStream().map(f).toList()));
    }

    private static <T> T await(Future<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw new IllegalStateException(e.getCause());
        }
    }

    /** At most one task in flight: {@link #then} waits for the previous one, so tasks run in order. */
    private final class Pending {
        private Future<?> last;

        void then(IoTask task) throws IOException {
            await();
            last = workers.submit(() -> {
                task.run();
                return null;
            });
        }

        void await() throws IOException {
            if (last == null) return;
            try {
                awaitIo(last);
            } finally {
                last = null;
            }
        }
    }

    private interface IoTask {
        void run() throws IOException;
    }

    /** Held out when the first 8 bytes of the content hash, as a fraction of 2^64, fall below the share. */
    private boolean heldOut(byte[] hash) {
        long prefix = 0;
        for (int i = 0; i < 8; i++) prefix = (prefix << 8) | (hash[i] & 0xFF);
        double u = (prefix >>> 11) * 0x1.0p-53;
        return u < config.validationFraction();
    }

    private void sampleKept(Document d) {
        if (keptSamples.size() >= config.samples()) return;
        keptSamples
                .addObject()
                .put("id", d.id())
                .put("source", d.metadata().get("source"))
                .put("language", d.metadata().get("language"))
                .put("text", excerpt(d.text()));
    }

    private void dropped(Document d, String stage, Verdict v) {
        progress.dropped(d, stage, v.reason());
        String key = stage + "/" + v.reason();
        if (droppedSamplesPerReason.merge(key, 1, Integer::sum) > DROPPED_SAMPLES_PER_REASON) return;
        ObjectNode n = droppedSamples
                .addObject()
                .put("id", d.id())
                .put("source", d.metadata().get("source"))
                .put("stage", stage)
                .put("reason", v.reason());
        if (v.detail() != null) n.put("detail", v.detail());
        // dropped documents may not have reached the PII stage yet; the sample must not leak what it removes
        String text = config.redactPii() ? PiiRedactor.redact(d.text(), new HashMap<>()) : d.text();
        n.put("text", excerpt(text));
    }

    private static String excerpt(String text) {
        return text.length() <= SAMPLE_CHARS ? text : text.substring(0, SAMPLE_CHARS) + "…";
    }

    private Verdict timed(Stage stage, Document d) {
        long t0 = System.nanoTime();
        Verdict v = stage.apply(d);
        time(stage.name(), t0);
        return v;
    }

    private void time(String step, long startNanos) {
        nanos.computeIfAbsent(step, k -> new LongAdder()).add(System.nanoTime() - startNanos);
    }

    private Map<String, Double> cpuSeconds() {
        Map<String, Double> out = new LinkedHashMap<>();
        for (String step : Stream.concat(
                        Stream.of("read", "spool"),
                        Stream.concat(stats.keySet().stream(), Stream.of("tokenize", "write")))
                .toList()) {
            LongAdder n = nanos.get(step);
            if (n != null) out.put(step, Math.round(n.sum() / 1e7) / 100.0);
        }
        return out;
    }

    private StageStats stage(String name) {
        return stats.computeIfAbsent(name, StageStats::new);
    }

    private ObjectNode settings() {
        ObjectNode s = JSON.createObjectNode();
        s.put("shard_tokens", config.shardTokens());
        s.put("redact_pii", config.redactPii());
        s.put("filter_quality", config.filterQuality());
        s.set("boilerplate", JSON.valueToTree(config.boilerplate()));
        s.set("language", JSON.valueToTree(config.language()));
        s.set("quality", JSON.valueToTree(config.quality()));
        s.set("dedup", JSON.valueToTree(config.dedup()));
        return s;
    }

    private String endOfTextToken(Tokenizer tokenizer) throws IOException {
        if (config.endOfTextToken() != null) {
            if (tokenizer.tokenId(config.endOfTextToken()) == null)
                throw new IOException("the tokenizer has no token " + config.endOfTextToken());
            return config.endOfTextToken();
        }
        for (String t : END_OF_TEXT_CANDIDATES) if (tokenizer.tokenId(t) != null) return t;
        throw new IOException("the tokenizer has none of the end-of-text tokens " + END_OF_TEXT_CANDIDATES
                + "; set endOfTextToken in the config");
    }

    private static int[] withEndOfText(int[] ids, int eot) {
        int[] out = Arrays.copyOf(ids, ids.length + 1);
        out[ids.length] = eot;
        return out;
    }

    /** Writes the manifest, names the directory by its hash, and moves it into place (or finds it there). */
    private static Result publish(ObjectNode manifest, Path work, Path output, Map<String, Double> cpuSeconds)
            throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(manifest);
        Files.write(work.resolve("manifest.json"), bytes);
        String id = HexFormat.of().formatHex(sha256(bytes));
        Path target = output.resolve(id);
        if (Files.isDirectory(target)) return new Result(target, id, true, manifest, cpuSeconds);
        Files.move(work, target, StandardCopyOption.ATOMIC_MOVE);
        try (Stream<Path> files = Files.walk(target)) {
            files.filter(Files::isRegularFile).forEach(f -> f.toFile().setWritable(false, false));
        }
        return new Result(target, id, false, manifest, cpuSeconds);
    }

    private static Path tokenizerJson(Path dirOrFile) {
        return Files.isDirectory(dirOrFile) ? dirOrFile.resolve("tokenizer.json") : dirOrFile;
    }

    static byte[] sha256(byte[] bytes) {
        return digest().digest(bytes);
    }

    static String sha256(Path file) throws IOException {
        MessageDigest md = digest();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), md)) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }
}
