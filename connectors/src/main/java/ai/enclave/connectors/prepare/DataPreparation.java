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
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedInputStream;
import java.io.BufferedWriter;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
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
 * Everything is written under the run's directory in the output directory ({@link RunDirectory}, named
 * by a hash of the config and the tokenizer) and moved into place at the end, so a failed run leaves no
 * partial snapshot. A run that stops (an exception from {@link Progress#report}, an I/O error, a killed
 * JVM) leaves that directory with its last checkpoints, and the next run of the same config resumes
 * from them: the first pass after the last source spooled completely, the second at its last checkpoint
 * (every {@link Options#checkpointBatches} batches, and when {@code report} throws). A resumed run
 * publishes the snapshot an uninterrupted one would have (same manifest, same id).
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
         * that exception, no snapshot published, and its run directory left (with a checkpoint taken
         * at that point in the second pass) for the next run of the same config to resume. A resumed
         * run reports the phase {@code resuming ...} first.
         */
        void report(String phase, long documents, long bytes);

        /**
         * A stage dropped the document (as it entered that stage). Like {@link #kept}, called for the
         * documents this process handles: a resumed run does not repeat those handled before its checkpoint.
         */
        default void dropped(Document document, String stage, String reason) {}

        /** The document passed every stage and is written to a shard, with exactly this text. */
        default void kept(Document document) {}
    }

    /**
     * How a run goes about its work; none of it changes the snapshot.
     *
     * @param restart discard the run directory of a stopped run of this config and start from the beginning
     * @param batch documents per batch, e.g. 1024: enough to keep every core busy between the ordered steps
     * @param checkpointBatches second-pass batches between checkpoints, e.g. 16
     */
    public record Options(boolean restart, int batch, int checkpointBatches) {
        public static final Options DEFAULT = new Options(false, 1024, 16);

        public Options {
            if (batch < 1 || checkpointBatches < 1) throw new IllegalArgumentException("batch sizes must be positive");
        }

        public Options withRestart(boolean restart) {
            return new Options(restart, batch, checkpointBatches);
        }
    }

    /**
     * The published snapshot: its directory, id, whether an identical one already existed, its manifest,
     * and the CPU seconds spent per step (summed over threads; kept out of the manifest, which must not
     * change from run to run).
     */
    public record Result(
            Path directory, String id, boolean alreadyExisted, ObjectNode manifest, Map<String, Double> cpuSeconds) {}

    static final String FORMAT = "enclave-dataset-snapshot/1";

    private static final int SAMPLE_CHARS = 1000;
    private static final int DROPPED_SAMPLES_PER_REASON = 3;
    private static final List<String> END_OF_TEXT_CANDIDATES =
            List.of("<|endoftext|>", "<|end_of_text|>", "</s>", "<eos>");
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private final PrepareConfig config;
    private final Progress progress;
    private final Options options;
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

    private DataPreparation(PrepareConfig config, Progress progress, Options options) {
        this.config = config;
        this.progress = progress;
        this.options = options;
    }

    /** A run with the {@link Options#DEFAULT} options: resumes a stopped run of the same config. */
    public static Result run(PrepareConfig config, Progress progress) throws IOException {
        return run(config, progress, Options.DEFAULT);
    }

    public static Result run(PrepareConfig config, Progress progress, Options options) throws IOException {
        DataPreparation run = new DataPreparation(config, progress, options);
        try {
            return run.run();
        } catch (UncheckedIOException e) {
            throw e.getCause();
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
        String tokenizerSha = sha256(tokenizerJson(tokenizerPath));
        Path output = Files.createDirectories(Path.of(config.output()));
        RunDirectory run = RunDirectory.open(output, runKey(config, tokenizerSha));
        try {
            if (options.restart()) run.clear();
            ObjectNode manifest;
            try {
                manifest = passes(run, tokenizer, eot);
            } catch (RunDirectory.Unusable e) {
                // a damaged checkpoint costs the work done, never a wrong snapshot: start over
                progress.report("starting over: " + e.getMessage(), 0, 0);
                stats.clear();
                sourceReports.removeAll();
                keptSamples.removeAll();
                droppedSamples.removeAll();
                droppedSamplesPerReason.clear();
                run.clear();
                manifest = passes(run, tokenizer, eot);
            }
            ObjectNode tok = JSON.createObjectNode();
            tok.put(
                    "name",
                    tokenizerPath.toAbsolutePath().normalize().getFileName().toString());
            tok.put("sha256", tokenizerSha);
            tok.put("vocab_size", tokenizer.vocabSize());
            tok.put("end_of_text", eotToken);
            tok.put("end_of_text_id", eot);
            manifest.set("tokenizer", tok);
            manifest.set("settings", settings());
            Result result = publish(manifest, run.work(), output, cpuSeconds());
            run.delete();
            return result;
        } finally {
            run.close();
        }
    }

    /**
     * The run directory's name: 16 hex digits of the SHA-256 of the config (without the output directory,
     * which holds the run directory) and of the tokenizer file's SHA-256, i.e. of all that decides the snapshot.
     */
    static String runKey(PrepareConfig config, String tokenizerSha256) {
        ObjectNode key = JSON.valueToTree(config);
        key.remove("output");
        key.put("tokenizer_sha256", tokenizerSha256);
        try {
            return HexFormat.of().formatHex(sha256(JSON.writeValueAsBytes(key)), 0, 8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Both passes, each resumed from its checkpoint when the run directory holds one. */
    private ObjectNode passes(RunDirectory run, Tokenizer tokenizer, int eot) throws IOException {
        LineFrequencies lines = new LineFrequencies(config.boilerplate().minLineChars());
        FirstPassCheckpoint first = RunDirectory.readCheckpoint(run.pass1(), in -> readFirstPass(in, lines));
        if (first != null) {
            RunDirectory.requireLength(run.spool(), first.spoolBytes());
            long characters = 0;
            for (JsonNode report : sourceReports)
                characters += report.get("characters").asLong();
            progress.report(
                    "resuming after " + first.sourcesDone() + " of "
                            + config.sources().size() + " sources",
                    stats.get("normalise").in,
                    characters);
        }
        if (first == null || first.sourcesDone() < config.sources().size()) {
            // a second-pass state can only follow a complete first pass; never mix it with a new one
            Files.deleteIfExists(run.pass2());
            RunDirectory.deleteTree(run.work());
            firstPass(run, lines, first);
        } else {
            // the second pass reads the spool to its end: nothing but what the checkpoint counts
            try (RandomAccessFile spool = new RandomAccessFile(run.spool().toFile(), "rw")) {
                spool.setLength(first.spoolBytes());
            }
        }
        return secondPass(run, lines, tokenizer, eot);
    }

    /**
     * Reads all sources, normalises, spools and counts lines for boilerplate. While a source is
     * processed, the next one is read ahead on its own thread into a temporary file (its raw documents,
     * in order), so a slow extraction (Tika on a file share) overlaps with the work on the source before
     * it instead of leaving the other cores idle. Documents still reach normalising, the line counts and
     * the spool in source order, so the result is the same as reading one source after another.
     *
     * <p>After each source a checkpoint records the spool's length and the state so far; a resumed run
     * goes on with the next source (a source read part way is read again from its start).
     */
    private void firstPass(RunDirectory run, LineFrequencies lines, FirstPassCheckpoint resume) throws IOException {
        ConnectorRegistry registry = ConnectorRegistry.load();
        Normalise normalise = new Normalise();
        StageStats normaliseStats = stage(normalise.name());
        int from = resume == null ? 0 : resume.sourcesDone();
        List<Reading> readings = new ArrayList<>();
        for (int i = from; i < config.sources().size(); i++) {
            readings.add(new Reading(config.sources().get(i), run.ahead(i)));
        }
        ExecutorService ahead = Executors.newSingleThreadExecutor(r -> new Thread(r, "read-ahead"));
        try (Spool.Writer out = new Spool.Writer(run.spool(), resume == null ? 0 : resume.spoolBytes())) {
            Future<?> next = null;
            for (int i = 0; i < readings.size(); i++) {
                Reading reading = readings.get(i);
                PrepareConfig.Source source = reading.source;
                CloseableIterator<Document> reader;
                if (i == 0) reader = registry.read(source.type(), source.config(), Cursor.START, reading.context);
                else {
                    awaitIo(next);
                    reader = new Spool.Reader(reading.aheadFile, 0);
                }
                if (i + 1 < readings.size()) next = ahead.submit(readAhead(registry, readings.get(i + 1)));
                long documents = 0, bytes = 0;
                List<Document> batch = new ArrayList<>(options.batch());
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
                        if (batch.size() == options.batch()) {
                            // the reader goes on with the next batch while this one is normalised and spooled
                            List<Document> full = batch;
                            pending.then(() -> normaliseBatch(full, normalise, normaliseStats, lines, out));
                            batch = new ArrayList<>(options.batch());
                            progress.report("read " + source.name(), documents, bytes);
                        }
                    }
                } finally {
                    pending.await();
                }
                Files.deleteIfExists(reading.aheadFile);
                normaliseBatch(batch, normalise, normaliseStats, lines, out);
                reading.report
                        .put("documents", documents)
                        .put("characters", bytes)
                        .put("skipped", reading.skipped[0]);
                reading.report.set("skipped_samples", reading.skippedSamples);
                int done = from + i + 1;
                long spooled = out.length();
                long t0 = System.nanoTime();
                RunDirectory.writeCheckpoint(run.pass1(), o -> writeFirstPass(o, done, spooled, lines));
                time("checkpoint", t0);
                progress.report("read " + source.name(), documents, bytes);
            }
        } finally {
            ahead.shutdownNow();
            for (Reading reading : readings) Files.deleteIfExists(reading.aheadFile);
        }
    }

    /** Where the first pass stands: sources spooled completely, and the spool's length after them. */
    private record FirstPassCheckpoint(int sourcesDone, long spoolBytes) {}

    private void writeFirstPass(DataOutputStream out, int sourcesDone, long spoolBytes, LineFrequencies lines)
            throws IOException {
        out.writeInt(sourcesDone);
        out.writeLong(spoolBytes);
        ArrayNode reports = JSON.createArrayNode();
        for (int i = 0; i < sourcesDone; i++) reports.add(sourceReports.get(i));
        writeJson(out, reports);
        writeStats(out);
        writeDroppedSamples(out);
        lines.write(out);
    }

    private FirstPassCheckpoint readFirstPass(DataInputStream in, LineFrequencies lines) throws IOException {
        int sourcesDone = in.readInt();
        long spoolBytes = in.readLong();
        JsonNode reports = readJson(in);
        if (sourcesDone > config.sources().size() || reports.size() != sourcesDone) {
            throw new RunDirectory.Unusable("pass1.checkpoint does not match the config's sources");
        }
        sourceReports.removeAll();
        reports.forEach(sourceReports::add);
        readStats(in);
        readDroppedSamples(in);
        lines.read(in);
        return new FirstPassCheckpoint(sourcesDone, spoolBytes);
    }

    private void writeStats(DataOutputStream out) throws IOException {
        out.writeInt(stats.size());
        for (StageStats s : stats.values()) s.write(out);
    }

    private void readStats(DataInputStream in) throws IOException {
        stats.clear();
        for (int n = in.readInt(); n > 0; n--) {
            StageStats s = StageStats.read(in);
            stats.put(s.stage, s);
        }
    }

    private void writeDroppedSamples(DataOutputStream out) throws IOException {
        writeJson(out, droppedSamples);
        out.writeInt(droppedSamplesPerReason.size());
        for (Map.Entry<String, Integer> e : new TreeMap<>(droppedSamplesPerReason).entrySet()) {
            out.writeUTF(e.getKey());
            out.writeInt(e.getValue());
        }
    }

    private void readDroppedSamples(DataInputStream in) throws IOException {
        droppedSamples.removeAll();
        readJson(in).forEach(droppedSamples::add);
        droppedSamplesPerReason.clear();
        for (int n = in.readInt(); n > 0; n--) droppedSamplesPerReason.put(in.readUTF(), in.readInt());
    }

    /** Small JSON (reports, samples) inside a binary checkpoint: length-prefixed UTF-8. */
    private static void writeJson(DataOutputStream out, JsonNode node) throws IOException {
        byte[] bytes = JSON.writeValueAsBytes(node);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static JsonNode readJson(DataInputStream in) throws IOException {
        byte[] bytes = new byte[in.readInt()];
        in.readFully(bytes);
        return JSON.readTree(bytes);
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
            try (Spool.Writer out = new Spool.Writer(reading.aheadFile, 0);
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

    /**
     * The second pass over the spool. Every {@link Options#checkpointBatches} batches, and when
     * {@link Progress#report} throws, a checkpoint records the spool offset after the last batch written,
     * the lengths of the document index and the dedup journals, both shard writers and all statistics
     * and samples; a resumed run cuts the files back to it and reads on from that offset.
     */
    private ObjectNode secondPass(RunDirectory run, LineFrequencies lines, Tokenizer tokenizer, int eot)
            throws IOException {
        List<Stage> pure = new ArrayList<>();
        if (config.boilerplate().enabled()) pure.add(lines.removal(config.boilerplate()));
        if (config.language().enabled()) pure.add(new LanguageId(config.language()));
        if (config.redactPii()) pure.add(new PiiRedactor());
        if (config.filterQuality()) pure.add(new QualityFilter(config.quality()));
        ExactDedup exact = config.dedup().exact() ? new ExactDedup() : null;
        NearDedup near = config.dedup().near() ? new NearDedup(config.dedup()) : null;

        Path work = run.work();
        Path index = work.resolve("documents.jsonl");
        // shards left by a run killed before its first checkpoint must not end up in the snapshot
        if (!Files.exists(run.pass2())) RunDirectory.deleteTree(work);
        ShardWriter train = new ShardWriter(work, "train", tokenizer.vocabSize(), config.shardTokens());
        ShardWriter val = new ShardWriter(work, "val", tokenizer.vocabSize(), config.shardTokens());
        SecondPassCheckpoint saved = RunDirectory.readCheckpoint(run.pass2(), in -> readSecondPass(in, train, val));
        SecondPassCheckpoint at = saved != null ? saved : new SecondPassCheckpoint(0, 0, 0, 0, 0, 0, 0, 0);
        if (saved != null) {
            RunDirectory.requireLength(run.spool(), at.spoolOffset());
            RunDirectory.requireLength(index, at.indexBytes());
        }
        for (Stage st : pure) stage(st.name());
        if (exact != null) stage(exact.name());
        if (near != null) stage(near.name());

        long done = at.documents(), bytes = at.characters();
        try (RunDirectory.Journal exactJournal = new RunDirectory.Journal(run.exactJournal(), at.exactBytes());
                RunDirectory.Journal nearJournal = new RunDirectory.Journal(run.nearJournal(), at.nearBytes())) {
            if (saved != null) {
                progress.report("resuming at document " + done, done, bytes);
                if (exact != null) replay(run.exactJournal(), in -> exact.replay(in, at.exactEntries()));
                if (near != null) replay(run.nearJournal(), in -> near.replay(in, at.nearEntries()));
            }
            if (exact != null) exact.journalTo(exactJournal.out);
            if (near != null) near.journalTo(nearJournal.out);
            try (RandomAccessFile cut = new RandomAccessFile(index.toFile(), "rw")) {
                cut.setLength(at.indexBytes());
            }
            try (Spool.Reader in = new Spool.Reader(run.spool(), at.spoolOffset());
                    BufferedWriter indexOut =
                            Files.newBufferedWriter(index, StandardCharsets.UTF_8, StandardOpenOption.APPEND)) {
                // Batch i+1 is read and cleaned on the workers while batch i-1 is written and batch i is
                // deduplicated here; then batch i is tokenized on the workers, after batch i+1's cleaning.
                // Writing waits until the next cleaning has started, so the workers never sit idle for it.
                Future<CleanedBatch> next = cleanAsync(in, pure, exact, near);
                Tokenized pending = null;
                for (int batches = 0; ; ) {
                    CleanedBatch batch = await(next);
                    List<Cleaned> cleaned = batch.cleaned();
                    if (!cleaned.isEmpty()) next = cleanAsync(in, pure, exact, near);
                    if (pending != null) {
                        write(pending, train, val, indexOut);
                        for (Cleaned c : pending.batch().cleaned())
                            bytes += c.input().text().length();
                        done += pending.batch().cleaned().size();
                        Position now = new Position(pending.batch().spoolEnd(), done, bytes);
                        IoTask save = () -> checkpoint(
                                run, now, indexOut, index, exact, exactJournal, near, nearJournal, train, val);
                        boolean checkpointed = ++batches % options.checkpointBatches() == 0;
                        if (checkpointed) save.run();
                        try {
                            progress.report("clean and tokenize", done, bytes);
                        } catch (RuntimeException stop) {
                            // a stop request: keep what is done for the next run
                            if (!checkpointed) {
                                try {
                                    save.run();
                                } catch (IOException | RuntimeException e) {
                                    stop.addSuppressed(e);
                                }
                            }
                            throw stop;
                        }
                    }
                    if (cleaned.isEmpty()) break;
                    List<Cleaned> survivors = deduplicate(cleaned, pure, exact, near);
                    List<int[]> ids = parallel(survivors, c -> {
                        long t0 = System.nanoTime();
                        int[] tokens =
                                withEndOfText(tokenizer.encode(c.document().text(), false), eot);
                        time("tokenize", t0);
                        return tokens;
                    });
                    pending = new Tokenized(batch, survivors, ids);
                }
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

    /** A batch after deduplication: its survivors and their token ids, in order. */
    private record Tokenized(CleanedBatch batch, List<Cleaned> survivors, List<int[]> ids) {}

    /** Appends a batch's survivors to the shards and the document index, in order. */
    private void write(Tokenized t, ShardWriter train, ShardWriter val, BufferedWriter indexOut) throws IOException {
        long t0 = System.nanoTime();
        for (int i = 0; i < t.survivors().size(); i++) {
            Document d = t.survivors().get(i).document();
            byte[] hash = t.survivors().get(i).sha256();
            boolean isVal = heldOut(hash);
            (isVal ? val : train).add(t.ids().get(i));
            ObjectNode line = JSON.createObjectNode()
                    .put("id", d.id())
                    .put("split", isVal ? "val" : "train")
                    .put("tokens", t.ids().get(i).length)
                    .put("sha256", HexFormat.of().formatHex(hash));
            indexOut.write(line.toString());
            indexOut.write('\n');
            sampleKept(d);
            progress.kept(d);
        }
        time("write", t0);
    }

    /** Where the second pass stands after a batch: spool offset, documents and characters read from it. */
    private record Position(long spoolOffset, long documents, long characters) {}

    /** A second-pass checkpoint as read back: the position and the lengths of what was written up to it. */
    private record SecondPassCheckpoint(
            long spoolOffset,
            long documents,
            long characters,
            long indexBytes,
            int exactEntries,
            long exactBytes,
            int nearEntries,
            long nearBytes) {}

    private void checkpoint(
            RunDirectory run,
            Position at,
            BufferedWriter indexOut,
            Path index,
            ExactDedup exact,
            RunDirectory.Journal exactJournal,
            NearDedup near,
            RunDirectory.Journal nearJournal,
            ShardWriter train,
            ShardWriter val)
            throws IOException {
        long t0 = System.nanoTime();
        indexOut.flush();
        long indexBytes = Files.size(index);
        long exactBytes = exactJournal.length(), nearBytes = nearJournal.length();
        RunDirectory.writeCheckpoint(run.pass2(), out -> {
            out.writeLong(at.spoolOffset());
            out.writeLong(at.documents());
            out.writeLong(at.characters());
            out.writeLong(indexBytes);
            out.writeInt(exact == null ? 0 : exact.size());
            out.writeLong(exactBytes);
            out.writeInt(near == null ? 0 : near.size());
            out.writeLong(nearBytes);
            train.save(out);
            val.save(out);
            writeStats(out);
            writeJson(out, keptSamples);
            writeDroppedSamples(out);
        });
        time("checkpoint", t0);
    }

    private SecondPassCheckpoint readSecondPass(DataInputStream in, ShardWriter train, ShardWriter val)
            throws IOException {
        SecondPassCheckpoint at = new SecondPassCheckpoint(
                in.readLong(),
                in.readLong(),
                in.readLong(),
                in.readLong(),
                in.readInt(),
                in.readLong(),
                in.readInt(),
                in.readLong());
        train.restore(in);
        val.restore(in);
        readStats(in);
        keptSamples.removeAll();
        readJson(in).forEach(keptSamples::add);
        readDroppedSamples(in);
        return at;
    }

    /** Feeds a dedup stage its journal from the start (already cut back to the checkpoint). */
    private interface JournalReader {
        void read(DataInputStream in) throws IOException;
    }

    private static void replay(Path journal, JournalReader into) throws IOException {
        try (DataInputStream in =
                new DataInputStream(new BufferedInputStream(Files.newInputStream(journal), 1 << 16))) {
            into.read(in);
        } catch (EOFException e) {
            throw new RunDirectory.Unusable(journal.getFileName() + " holds fewer entries than its checkpoint says");
        }
    }

    /**
     * One document after the pure stages: their verdicts in order (the chain stops at a drop), and for a
     * survivor its final form with the SHA-256 of its text and its MinHash signature, computed here in
     * parallel so that the ordered dedup stages only look them up.
     */
    private record Cleaned(Document input, List<Verdict> chain, Document document, byte[] sha256, int[] signature) {}

    /** A batch after the pure stages, and the spool offset after it. */
    private record CleanedBatch(List<Cleaned> cleaned, long spoolEnd) {}

    /**
     * The next batch, read from the spool and cleaned on the workers. Only one is in flight at a time, so
     * the reads follow each other in order.
     */
    private Future<CleanedBatch> cleanAsync(Spool.Reader in, List<Stage> pure, ExactDedup exact, NearDedup near) {
        return workers.submit(() -> {
            long t0 = System.nanoTime();
            List<Document> batch = new ArrayList<>(options.batch());
            while (batch.size() < options.batch() && in.hasNext()) batch.add(in.next());
            time("spool", t0);
            return new CleanedBatch(cleaned(batch, pure, near, exact), in.position());
        });
    }

    private List<Cleaned> cleaned(List<Document> batch, List<Stage> pure, NearDedup near, ExactDedup exact) {
        return batch.parallelStream()
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
                .toList();
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
                        Stream.concat(stats.keySet().stream(), Stream.of("tokenize", "write", "checkpoint")))
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
}
