package ai.enclave.connectors.prepare;

import ai.enclave.connectors.pipeline.BoilerplateConfig;
import ai.enclave.connectors.pipeline.DedupConfig;
import ai.enclave.connectors.pipeline.LanguageConfig;
import ai.enclave.connectors.pipeline.QualityThresholds;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeSet;

/**
 * Everything one {@code data prepare} run needs, read from JSON or from a .properties file whose dotted
 * keys spell the same tree ({@code sources.0.type=directory}, {@code dedup.jaccardThreshold=0.85};
 * a numeric segment is a list index). Omitted fields take the {@link #defaults()}; unknown fields are
 * errors. Relative paths are relative to the working directory. Example in docs/data-pipeline.md.
 *
 * @param sources where documents come from, each with a name, a connector type and that connector's config
 * @param tokenizer directory holding tokenizer.json
 * @param output directory in which the snapshot directory is created
 * @param endOfTextToken token put after every document; null: the first of {@code <|endoftext|>},
 *     {@code <|end_of_text|>}, {@code </s>}, {@code <eos>} the tokenizer knows
 * @param validationFraction share of documents held out for evaluation, e.g. 0.01, chosen by content hash
 * @param shardTokens tokens per shard file, e.g. 10000000 (the writer holds two shards of ints in memory: 80 MB)
 * @param samples kept documents shown in the manifest, e.g. 20 (dropped ones: up to 3 per reason)
 * @param language language identification (and an optional language filter)
 * @param redactPii run PII redaction
 * @param filterQuality run the quality filter
 */
public record PrepareConfig(
        List<Source> sources,
        String tokenizer,
        String output,
        String endOfTextToken,
        double validationFraction,
        long shardTokens,
        int samples,
        BoilerplateConfig boilerplate,
        LanguageConfig language,
        boolean redactPii,
        boolean filterQuality,
        QualityThresholds quality,
        DedupConfig dedup) {

    /** One source: a name for reports, the connector type, and the connector's own config object. */
    public record Source(String name, String type, JsonNode config) {
        public Source {
            Objects.requireNonNull(name, "source name is null");
            Objects.requireNonNull(type, "source type is null");
            config = config == null ? JsonNodeFactory.instance.objectNode() : config;
        }
    }

    private static final ObjectMapper JSON =
            new ObjectMapper().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    public PrepareConfig {
        sources = sources == null ? List.of() : List.copyOf(sources);
        if (sources.isEmpty()) throw new IllegalArgumentException("no sources configured");
        if (tokenizer == null) throw new IllegalArgumentException("no tokenizer directory configured");
        if (output == null) throw new IllegalArgumentException("no output directory configured");
        if (validationFraction < 0 || validationFraction >= 1)
            throw new IllegalArgumentException("validationFraction must be in [0, 1), got " + validationFraction);
        if (shardTokens < 1) throw new IllegalArgumentException("shardTokens must be positive");
        if (new TreeSet<>(sources.stream().map(Source::name).toList()).size() != sources.size())
            throw new IllegalArgumentException("source names must be unique");
    }

    /** Defaults of every field except sources, tokenizer and output, as a JSON tree. */
    static ObjectNode defaults() {
        ObjectNode n = JSON.createObjectNode();
        n.putNull("endOfTextToken");
        n.put("validationFraction", 0.01);
        n.put("shardTokens", 10_000_000L);
        n.put("samples", 20);
        n.set("boilerplate", JSON.valueToTree(BoilerplateConfig.defaults()));
        n.set("language", JSON.valueToTree(LanguageConfig.defaults()));
        n.put("redactPii", true);
        n.put("filterQuality", true);
        n.set("quality", JSON.valueToTree(QualityThresholds.defaults()));
        n.set("dedup", JSON.valueToTree(DedupConfig.defaults()));
        return n;
    }

    public static PrepareConfig load(Path file) throws IOException {
        JsonNode user;
        if (file.getFileName().toString().endsWith(".properties")) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(file)) {
                p.load(r);
            }
            user = fromProperties(p);
        } else {
            user = JSON.readTree(file.toFile());
        }
        return fromJson(user);
    }

    public static PrepareConfig fromJson(JsonNode user) throws IOException {
        if (user == null || !user.isObject()) throw new IOException("the config must be a JSON object");
        ObjectNode merged = defaults();
        merge(merged, (ObjectNode) user);
        try {
            return JSON.treeToValue(merged, PrepareConfig.class);
        } catch (IOException e) {
            throw new IOException(firstLine(e), e);
        }
    }

    private static String firstLine(Exception e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) root = root.getCause();
        String msg = root instanceof IllegalArgumentException ? root.getMessage() : e.getMessage();
        return msg == null ? e.toString() : msg.lines().findFirst().orElse("").strip();
    }

    /** Objects merge field by field, so {@code {"dedup": {"jaccardThreshold": 0.9}}} keeps the other dedup defaults. */
    private static void merge(ObjectNode into, ObjectNode from) {
        from.properties().forEach(e -> {
            JsonNode existing = into.get(e.getKey());
            if (existing instanceof ObjectNode o && e.getValue() instanceof ObjectNode f) merge(o, f);
            else into.set(e.getKey(), e.getValue());
        });
    }

    static ObjectNode fromProperties(Properties p) {
        ObjectNode root = JSON.createObjectNode();
        for (String key : new TreeSet<>(p.stringPropertyNames())) {
            String[] parts = key.split("\\.");
            JsonNode node = root;
            for (int i = 0; i < parts.length; i++) {
                boolean last = i == parts.length - 1;
                boolean nextIsIndex = !last && parts[i + 1].matches("\\d+");
                node = child(node, parts[i], last ? null : nextIsIndex, last ? p.getProperty(key) : null);
            }
        }
        return root;
    }

    /** Steps into (creating) the child named {@code part}; at the leaf sets {@code value}. */
    private static JsonNode child(JsonNode parent, String part, Boolean array, String value) {
        if (parent instanceof ArrayNode a) {
            int index = Integer.parseInt(part);
            while (a.size() <= index) a.addNull();
            if (value != null) return a.set(index, JsonNodeFactory.instance.textNode(value));
            if (a.get(index).isNull()) a.set(index, array ? a.arrayNode() : a.objectNode());
            return a.get(index);
        }
        ObjectNode o = (ObjectNode) parent;
        if (value != null) return o.put(part, value);
        if (!o.has(part)) o.set(part, array ? o.arrayNode() : o.objectNode());
        return o.get(part);
    }
}
