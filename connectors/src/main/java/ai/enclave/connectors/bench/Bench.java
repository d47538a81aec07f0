package ai.enclave.connectors.bench;

import ai.enclave.connectors.pipeline.DedupConfig;
import ai.enclave.connectors.prepare.DataPreparation;
import ai.enclave.connectors.prepare.PrepareConfig;
import ai.enclave.connectors.spi.Document;
import ai.enclave.runtime.tokenizer.train.TokenizerTraining;
import ai.enclave.runtime.tokenizer.train.TrainerConfig;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.management.GarbageCollectionNotificationInfo;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * {@code enclave data bench}: writes a corpus with planted copies and personal data
 * ({@link CorpusGenerator}), trains a byte-level BPE tokenizer on a slice of it with the engine's
 * trainer, runs {@link DataPreparation} on it exactly as {@code prepare} would (a {@code jsonl} source and
 * a {@code directory} source, default settings) and prints one JSON line: throughput end to end and per
 * stage, peak heap after collections, dedup recall and precision over the planted copies, PII recall over the planted
 * items. The field meanings are in docs/data-pipeline.md ("The bench"). It measures; it asserts nothing.
 */
public final class Bench {
    /** Options of one bench run. */
    public record Options(long sizeChars, Path work, boolean keep, long seed) {}

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int TOKENIZER_VOCAB = 4096;
    private static final int TOKENIZER_SAMPLE_DOCUMENTS = 600;
    private static final List<String> STAGES = List.of(
            "read",
            "normalise",
            "boilerplate",
            "language",
            "pii",
            "quality",
            "exact_dedup",
            "near_dedup",
            "tokenize",
            "write");

    private Bench() {}

    /** Runs the bench and returns its JSON line; progress goes to {@code err}. */
    public static ObjectNode run(Options options, PrintStream err) throws IOException {
        Path work = options.work();
        Path corpus = work.resolve("corpus");
        try {
            DedupConfig dedup = DedupConfig.defaults();
            CorpusGenerator generator =
                    new CorpusGenerator(options.seed(), dedup.jaccardThreshold(), dedup.shingleWords());
            long g0 = System.nanoTime();
            CorpusGenerator.Truth truth = generator.write(
                    corpus, options.sizeChars(), Runtime.getRuntime().availableProcessors());
            double generateSeconds = seconds(g0);
            err.printf(
                    Locale.ROOT,
                    "bench: wrote %d documents, %.1f MB in %.1f s%n",
                    truth.documents(),
                    truth.bytes() / 1e6,
                    generateSeconds);

            Path tokenizer = Files.createDirectories(work.resolve("tokenizer"));
            Path sample = work.resolve("tokenizer-sample.txt");
            Files.writeString(sample, generator.sample(TOKENIZER_SAMPLE_DOCUMENTS));
            TokenizerTraining.train(
                    List.of(sample), TrainerConfig.byteLevel(TOKENIZER_VOCAB), tokenizer.resolve("tokenizer.json"));

            PrepareConfig config = PrepareConfig.fromJson(JSON.readTree(
                    """
                    {"sources": [
                       {"name": "jsonl", "type": "jsonl", "config": {"path": "%s", "idField": "id"}},
                       {"name": "share", "type": "directory", "config": {"root": "%s"}}],
                     "tokenizer": "%s", "output": "%s"}
                    """.formatted(corpus.resolve("jsonl"), corpus.resolve("share"), tokenizer, work.resolve("out"))));

            Outcome outcome = new Outcome(truth, err);
            HeapWatch heap = HeapWatch.start();
            long cpu0 = processCpuNanos();
            long t0 = System.nanoTime();
            DataPreparation.Result result = DataPreparation.run(config, outcome);
            double seconds = seconds(t0);
            double cpuSeconds = (processCpuNanos() - cpu0) / 1e9;
            heap.stop();
            ObjectNode line = report(truth, outcome, result, seconds, generateSeconds, heap);
            line.put("cpu_seconds", round(cpuSeconds, 2));
            line.put("mb_per_cpu_s", round(truth.chars() / 1e6 / cpuSeconds, 2));
            line.put(
                    "load_average",
                    round(ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), 2));
            return line;
        } finally {
            if (!options.keep()) deleteTree(work);
        }
    }

    /** Observes the run: which planted copies each dedup stage dropped, and planted items left in kept text. */
    private static final class Outcome implements DataPreparation.Progress {
        private final CorpusGenerator.Truth truth;
        private final BitSet droppedByDedup = new BitSet();
        private final BitSet droppedOther = new BitSet();
        private long dedupDrops, exactDrops, nearDrops;
        private long piiLeft, documentsWithPiiKept;
        private final PrintStream err;
        private long lastReport;

        Outcome(CorpusGenerator.Truth truth, PrintStream err) {
            this.truth = truth;
            this.err = err;
        }

        @Override
        public void report(String phase, long documents, long chars) {
            long now = System.nanoTime();
            if (now - lastReport < 5_000_000_000L) return;
            lastReport = now;
            err.printf(Locale.ROOT, "bench: %s: %d documents, %.1f MB%n", phase, documents, chars / 1e6);
        }

        @Override
        public void dropped(Document d, String stage, String reason) {
            int i = CorpusGenerator.index(d.id());
            if (i < 0) return;
            boolean dedup = stage.equals("exact-dedup") || stage.equals("near-dedup");
            if (dedup) {
                dedupDrops++;
                if (stage.equals("exact-dedup")) exactDrops++;
                else nearDrops++;
                droppedByDedup.set(i);
            } else droppedOther.set(i);
        }

        @Override
        public void kept(Document d) {
            List<String> planted = truth.pii().get(CorpusGenerator.index(d.id()));
            if (planted == null) return;
            documentsWithPiiKept++;
            for (String item : planted) if (d.text().contains(item)) piiLeft++;
        }
    }

    private static ObjectNode report(
            CorpusGenerator.Truth truth,
            Outcome o,
            DataPreparation.Result result,
            double seconds,
            double generateSeconds,
            HeapWatch heap) {
        // a planted pair is found when a dedup stage dropped one of its two documents (usually the copy;
        // the original when the copy was read first); pairs where another stage dropped either are left out
        long pairs = 0, found = 0, exactPairs = 0, exactFound = 0, nearPairs = 0, nearFound = 0;
        BitSet inPairs = new BitSet();
        for (CorpusGenerator.Pair p : truth.pairs()) {
            inPairs.set(p.copy());
            inPairs.set(p.original());
            if (o.droppedOther.get(p.copy()) || o.droppedOther.get(p.original())) continue;
            boolean hit = o.droppedByDedup.get(p.copy()) || o.droppedByDedup.get(p.original());
            pairs++;
            if (hit) found++;
            if (p.exact()) {
                exactPairs++;
                if (hit) exactFound++;
            } else {
                nearPairs++;
                if (hit) nearFound++;
            }
        }
        BitSet truePositives = (BitSet) o.droppedByDedup.clone();
        truePositives.and(inPairs);
        long piiItems = truth.pii().values().stream().mapToLong(List::size).sum();

        double sizeMb = truth.chars() / 1e6;
        ObjectNode n = JSON.createObjectNode();
        n.put("mb_per_s", round(sizeMb / seconds, 2));
        n.put("size_mb", round(sizeMb, 1));
        n.put("bytes_mb", round(truth.bytes() / 1e6, 1));
        n.put("documents", truth.documents());
        n.put(
                "documents_kept",
                result.manifest().get("documents").get("train").asLong()
                        + result.manifest().get("documents").get("val").asLong());
        n.put("seconds", round(seconds, 2));
        n.put("cores", Runtime.getRuntime().availableProcessors());
        n.put("peak_heap_mb", heap.peakLiveMb());
        n.put("max_heap_mb", Runtime.getRuntime().maxMemory() >> 20);
        n.put("dedup_recall", round(pairs == 0 ? 1 : (double) found / pairs, 4));
        n.put("dedup_precision", round(o.dedupDrops == 0 ? 1 : (double) truePositives.cardinality() / o.dedupDrops, 4));
        n.put("dedup_pairs", pairs);
        n.put("near_dedup_recall", round(nearPairs == 0 ? 1 : (double) nearFound / nearPairs, 4));
        n.put("near_pairs", nearPairs);
        n.put("exact_dedup_recall", round(exactPairs == 0 ? 1 : (double) exactFound / exactPairs, 4));
        n.put("exact_pairs", exactPairs);
        n.put("exact_dropped", o.exactDrops);
        n.put("near_dropped", o.nearDrops);
        n.put("pii_recall", round(piiItems == 0 ? 1 : 1 - (double) o.piiLeft / piiItems, 5));
        n.put("pii_items", piiItems);
        n.put("pii_left", o.piiLeft);
        n.put("pii_documents_kept", o.documentsWithPiiKept);
        n.put("generate_seconds", round(generateSeconds, 2));
        ObjectNode stages = n.putObject("stages");
        ObjectNode busy = n.putObject("stage_busy_seconds");
        double totalBusy = 0;
        Map<String, Double> cpu = result.cpuSeconds();
        for (String stage : STAGES) totalBusy += cpu.getOrDefault(stage.replace('_', '-'), 0.0);
        ObjectNode share = n.putObject("stage_share");
        for (String stage : STAGES) {
            double s = cpu.getOrDefault(stage.replace('_', '-'), 0.0);
            busy.put(stage, round(s, 2));
            stages.put(stage, s == 0 ? 0 : round(sizeMb / s, 1));
            share.put(stage, totalBusy == 0 ? 0 : round(s / totalBusy, 3));
        }
        n.set("languages", result.manifest().get("languages"));
        n.put("snapshot_id", result.id());
        return n;
    }

    /**
     * Peak heap after collections: the largest heap occupancy right after a garbage collection. An upper
     * bound of what the run holds (G1's young collections leave old garbage in place until a mixed
     * collection); before a collection the heap is full of garbage by design, up to the -Xmx the bench
     * runs under.
     */
    private static final class HeapWatch {
        private final AtomicLong peak = new AtomicLong();
        private final List<Runnable> undo = new ArrayList<>();

        static HeapWatch start() {
            HeapWatch w = new HeapWatch();
            System.gc();
            w.peak.set(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
            NotificationListener listener = (notification, handback) -> {
                if (!notification.getType().equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION))
                    return;
                var info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
                long used = 0;
                for (Map.Entry<String, MemoryUsage> e :
                        info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
                    if (isHeap(e.getKey())) used += e.getValue().getUsed();
                }
                w.peak.accumulateAndGet(used, Math::max);
            };
            for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                if (gc instanceof NotificationEmitter emitter) {
                    emitter.addNotificationListener(listener, null, null);
                    w.undo.add(() -> {
                        try {
                            emitter.removeNotificationListener(listener);
                        } catch (Exception e) {
                            // already gone: nothing to undo
                        }
                    });
                }
            }
            return w;
        }

        private static boolean isHeap(String pool) {
            for (var p : ManagementFactory.getMemoryPoolMXBeans())
                if (p.getName().equals(pool)) return p.getType() == java.lang.management.MemoryType.HEAP;
            return false;
        }

        void stop() {
            undo.forEach(Runnable::run);
        }

        long peakLiveMb() {
            return peak.get() >> 20;
        }
    }

    /** CPU time of the whole process (all threads, JIT and GC included). */
    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime()
                : 0;
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private static double round(double v, int digits) {
        double f = Math.pow(10, digits);
        return Math.round(v * f) / f;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                p.toFile().setWritable(true);
                Files.delete(p);
            }
        }
    }
}
