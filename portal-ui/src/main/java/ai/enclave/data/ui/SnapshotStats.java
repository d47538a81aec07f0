package ai.enclave.data.ui;

import ai.enclave.common.Json;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the page shows of a snapshot's statistics (the pipeline manifest's {@code stages},
 * {@code languages}, {@code pii} and {@code samples}), read from the stats JSON. Parts the manifest
 * lacks come back empty, so an older or partial manifest still shows what it has.
 */
record SnapshotStats(
        List<Stage> stages,
        Map<String, Long> languages,
        Map<String, Long> pii,
        List<Sample> kept,
        List<Sample> dropped) {

    /** Documents into and out of one pipeline stage, and how many were dropped for each reason. */
    record Stage(String name, long in, long out, Map<String, Long> dropped) {}

    /** @param note the language of a kept document; "stage: reason (detail)" of a dropped one */
    record Sample(String id, String source, String note, String text) {}

    static SnapshotStats parse(String statsJson) {
        JsonNode root = Json.object(statsJson, "snapshot statistics");
        List<Stage> stages = new ArrayList<>();
        for (JsonNode stage : root.path("stages")) {
            stages.add(new Stage(
                    stage.path("stage").asText("?"),
                    stage.path("in").asLong(),
                    stage.path("out").asLong(),
                    counts(stage.path("dropped"))));
        }
        List<Sample> kept = new ArrayList<>();
        for (JsonNode sample : root.path("samples").path("kept")) {
            kept.add(sample(sample, sample.path("language").asText("")));
        }
        List<Sample> dropped = new ArrayList<>();
        for (JsonNode sample : root.path("samples").path("dropped")) {
            String note = sample.path("stage").asText("?") + ": "
                    + sample.path("reason").asText("?");
            if (sample.hasNonNull("detail")) {
                note += " (" + sample.get("detail").asText() + ")";
            }
            dropped.add(sample(sample, note));
        }
        return new SnapshotStats(
                List.copyOf(stages), counts(root.path("languages")), counts(root.path("pii")), kept, dropped);
    }

    private static Sample sample(JsonNode sample, String note) {
        return new Sample(
                sample.path("id").asText(""),
                sample.path("source").asText(""),
                note,
                sample.path("text").asText(""));
    }

    private static Map<String, Long> counts(JsonNode object) {
        Map<String, Long> counts = new LinkedHashMap<>();
        object.properties()
                .forEach(entry -> counts.put(entry.getKey(), entry.getValue().asLong()));
        return counts;
    }
}
