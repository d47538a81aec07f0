package ai.enclave.connectors.bench;

import ai.enclave.connectors.pipeline.BoilerplateConfig;
import ai.enclave.connectors.pipeline.DedupConfig;
import ai.enclave.connectors.pipeline.LanguageConfig;
import ai.enclave.connectors.pipeline.LanguageId;
import ai.enclave.connectors.pipeline.LineFrequencies;
import ai.enclave.connectors.pipeline.NearDedup;
import ai.enclave.connectors.pipeline.Normalise;
import ai.enclave.connectors.pipeline.PiiRedactor;
import ai.enclave.connectors.pipeline.QualityFilter;
import ai.enclave.connectors.pipeline.QualityThresholds;
import ai.enclave.connectors.pipeline.Stage;
import ai.enclave.connectors.spi.Document;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToIntFunction;

/**
 * A single-thread microbench of the per-document steps on a few MB of bench documents: normalising,
 * counting lines and cutting boilerplate, language tagging, PII redaction, the quality filter and the
 * MinHash signature, each on the same (normalised) documents. MB per second of this thread's CPU time
 * (not wall time: other processes share the cores), best of several rounds after a warm-up. Run it from
 * the test classpath: {@code java -cp target/test-classes:target/classes:<deps> ai.enclave.connectors.bench.StageSpeed}.
 * Not a test: speed is measured, never asserted.
 */
final class StageSpeed {
    private static final ThreadMXBean CPU = ManagementFactory.getThreadMXBean();

    public static void main(String[] args) {
        int documents = args.length > 0 ? Integer.parseInt(args[0]) : 1_500;
        CorpusGenerator generator = new CorpusGenerator(7, 0.8, 5);
        List<Document> raw = new ArrayList<>();
        long chars = 0;
        for (int i = 0; i < documents; i++) {
            CorpusGenerator.Doc d = generator.document(i);
            String kind = String.valueOf(d.kind()).equals("CODE") ? "code" : "prose";
            raw.add(new Document("d" + i, d.text(), Map.of("kind", kind)));
            chars += d.text().length();
        }
        Normalise normalise = new Normalise();
        List<Document> docs =
                raw.stream().map(d -> normalise.apply(d).document()).toList();
        LineFrequencies counted =
                new LineFrequencies(BoilerplateConfig.defaults().minLineChars());
        docs.forEach(counted::add);
        Stage boilerplate = counted.removal(new BoilerplateConfig(true, 20, 5, 0.002));
        LanguageId language = new LanguageId(LanguageConfig.defaults());
        QualityFilter quality = new QualityFilter(QualityThresholds.defaults());
        NearDedup near = new NearDedup(DedupConfig.defaults());

        Map<String, ToIntFunction<Document>> steps = new LinkedHashMap<>();
        steps.put("normalise", d -> normalise.apply(d).document().text().length());
        LineFrequencies counting =
                new LineFrequencies(BoilerplateConfig.defaults().minLineChars());
        steps.put("lines", d -> {
            counting.add(d);
            return 1;
        });
        steps.put("boilerplate", d -> boilerplate.apply(d).kept() ? 1 : 0);
        steps.put(
                "language",
                d -> language.apply(d).document().metadata().get("language").length());
        steps.put("pii", d -> {
            Map<String, Integer> counts = new TreeMap<>();
            PiiRedactor.redact(d.text(), counts);
            return counts.size();
        });
        steps.put("quality", d -> quality.apply(d).kept() ? 1 : 0);
        steps.put("minhash", d -> near.signature(d)[0]);

        double mb = chars / 1e6;
        Map<String, Double> best = new LinkedHashMap<>();
        for (int round = 0; round < 8; round++) {
            StringBuilder line = new StringBuilder(String.format("round %d, %.1f MB:", round, mb));
            for (Map.Entry<String, ToIntFunction<Document>> step : steps.entrySet()) {
                List<Document> input = step.getKey().equals("normalise") ? raw : docs;
                long t0 = CPU.getCurrentThreadCpuTime();
                long check = 0;
                for (Document d : input) check += step.getValue().applyAsInt(d);
                double speed = mb / ((CPU.getCurrentThreadCpuTime() - t0) / 1e9);
                if (round >= 2) best.merge(step.getKey(), speed, Math::max);
                line.append(String.format(" %s %.1f (%d)", step.getKey(), speed, check));
            }
            System.out.println(line);
        }
        StringBuilder line = new StringBuilder("best MB/s:");
        best.forEach((step, speed) -> line.append(String.format(" %s %.1f", step, speed)));
        System.out.println(line);
    }
}
