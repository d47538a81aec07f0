package ai.enclave.connectors.bench;

import ai.enclave.connectors.pipeline.PiiRedactor;
import ai.enclave.connectors.pipeline.QualityFilter;
import ai.enclave.connectors.pipeline.QualityThresholds;
import ai.enclave.connectors.spi.Document;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A single-thread microbench of PII redaction and the quality filter on a few MB of bench documents:
 * MB per second of this thread's CPU time (not wall time: other processes share the cores), best of
 * several rounds after a warm-up. Run it from
 * the test classpath: {@code java -cp target/test-classes:target/classes:<deps> ai.enclave.connectors.bench.StageSpeed}.
 * Not a test: speed is measured, never asserted.
 */
final class StageSpeed {
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    public static void main(String[] args) {
        int documents = args.length > 0 ? Integer.parseInt(args[0]) : 1_500;
        CorpusGenerator generator = new CorpusGenerator(7, 0.8, 5);
        List<Document> docs = new ArrayList<>();
        long chars = 0;
        for (int i = 0; i < documents; i++) {
            CorpusGenerator.Doc d = generator.document(i);
            String kind = String.valueOf(d.kind()).equals("CODE") ? "code" : "prose";
            docs.add(new Document("d" + i, d.text(), Map.of("kind", kind)));
            chars += d.text().length();
        }
        QualityFilter quality = new QualityFilter(QualityThresholds.defaults());
        double mb = chars / 1e6;
        double bestPii = 0, bestQuality = 0;
        for (int round = 0; round < 8; round++) {
            long t0 = CPU.getCurrentThreadCpuTime();
            int placeholders = 0;
            for (Document d : docs) {
                Map<String, Integer> counts = new TreeMap<>();
                PiiRedactor.redact(d.text(), counts);
                placeholders += counts.size();
            }
            long t1 = CPU.getCurrentThreadCpuTime();
            int kept = 0;
            for (Document d : docs) if (quality.apply(d).kept()) kept++;
            long t2 = CPU.getCurrentThreadCpuTime();
            double pii = mb / ((t1 - t0) / 1e9), q = mb / ((t2 - t1) / 1e9);
            if (round >= 2) {
                bestPii = Math.max(bestPii, pii);
                bestQuality = Math.max(bestQuality, q);
            }
            System.out.printf(
                    "round %d: %.1f MB, pii %.1f MB/s (%d), quality %.1f MB/s (%d kept)%n",
                    round, mb, pii, placeholders, q, kept);
        }
        System.out.printf("best: pii %.1f MB/s, quality %.1f MB/s%n", bestPii, bestQuality);
    }
}
