/*
 * A `train` job: gpu-runtime's Trainer over a dataset snapshot or a weighted mix of them (DataMix), into <outDir>/checkpoint-NNNNNNNN/.
 * From scratch, the spec's modelConfig becomes <outDir>/model/config.json; otherwise training starts
 * from baseModelDir's weights. When outDir already holds a checkpoint (a previous worker died) the run
 * resumes from the latest one; the Trainer's checkpoints resume bit for bit, so the final weights equal
 * an uninterrupted run's. Each logged step becomes metrics and progress; cancellation is checked
 * between optimizer steps. Checkpoints carry the tokenizer and chat files, so the final one is a
 * complete model directory, which is what the result names.
 */
package ai.enclave.worker;

import ai.enclave.runtime.backend.Backends;
import ai.enclave.runtime.io.ModelFiles;
import ai.enclave.runtime.model.ModelConfig;
import ai.enclave.runtime.train.DataMix;
import ai.enclave.runtime.train.TokenizerFiles;
import ai.enclave.runtime.train.TrainConfig;
import ai.enclave.runtime.train.Trainer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

final class TrainingJob implements JobRun {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public Outcome run(JsonNode spec, JobContext context) throws Exception {
        Path out = Path.of(SpecFields.required(spec, "outDir").asText());
        DataMix data = data(spec);
        Path modelDir = modelDir(spec, out);
        ModelConfig config = ModelFiles.readConfig(modelDir);
        String tokenizerDir = SpecFields.optionalText(spec, "tokenizerDir");
        TokenizerFiles tokenizer = tokenizerDir == null ? null : TokenizerFiles.load(Path.of(tokenizerDir), config);
        TrainConfig train = trainConfig(SpecFields.required(spec, "train"), config);
        boolean resume = Trainer.latestCheckpoint(out).isPresent();
        try (Trainer trainer = new Trainer(Backends.create(0), config, modelDir, data, out, tokenizer, train, resume)) {
            context.log((resume ? "resuming at step " : "starting at step ") + trainer.step() + " of " + train.steps());
            int firstStep = trainer.step();
            long started = System.nanoTime();
            while (trainer.step() < train.steps()) {
                if (context.stopRequested()) {
                    return new Outcome.Cancelled();
                }
                trainer.run(1, log -> {
                    context.metrics(log.step(), metrics(log));
                    double secondsPerStep = (System.nanoTime() - started) / 1e9 / (log.step() - firstStep);
                    ObjectNode progress = JSON.createObjectNode()
                            .put("step", log.step())
                            .put("steps", train.steps())
                            .put("tokensPerSecond", Math.round(log.tokensPerSecond() * 10) / 10.0)
                            .put("etaSeconds", Math.round(secondsPerStep * (train.steps() - log.step())));
                    ArrayNode epochs = progress.putArray("dataEpochs");
                    for (double e : trainer.dataEpochs()) {
                        epochs.add(Math.round(e * 1000) / 1000.0);
                    }
                    context.progress(progress);
                });
            }
            return new Outcome.Succeeded(result(context, out, train, trainer.model.params.count));
        }
    }

    /**
     * The spec's "data": one entry per snapshot, {@code {"dir": ..., "weight": ...}}; a spec queued by
     * an older portal names one "dataDir" instead.
     */
    private static DataMix data(JsonNode spec) {
        String single = SpecFields.optionalText(spec, "dataDir");
        if (single != null) {
            return DataMix.of(Path.of(single));
        }
        List<DataMix.Source> sources = new ArrayList<>();
        for (JsonNode entry : SpecFields.required(spec, "data")) {
            sources.add(new DataMix.Source(
                    Path.of(SpecFields.required(entry, "dir").asText()),
                    entry.path("weight").asDouble(1)));
        }
        return new DataMix(sources);
    }

    /** The directory the Trainer starts from: the base model's, or <out>/model holding the spec's config. */
    private static Path modelDir(JsonNode spec, Path out) throws IOException {
        String base = SpecFields.optionalText(spec, "baseModelDir");
        if (base != null) {
            return Path.of(base);
        }
        Path dir = Files.createDirectories(out.resolve("model"));
        JSON.writerWithDefaultPrettyPrinter()
                .writeValue(dir.resolve(ModelFiles.CONFIG).toFile(), SpecFields.required(spec, "modelConfig"));
        return dir;
    }

    /** The spec's "train" object; omitted fields take the engine CLI's defaults. */
    private static TrainConfig trainConfig(JsonNode t, ModelConfig config) {
        int steps = SpecFields.required(t, "steps").asInt();
        return new TrainConfig(
                t.path("batchSize").asInt(8),
                t.path("seqLen").asInt(Math.min(config.maxSeqLen(), 256)),
                t.path("gradAccum").asInt(1),
                steps,
                (float) t.path("lr").asDouble(3e-4),
                (float) t.path("minLr").asDouble(3e-5),
                t.path("warmupSteps").asInt(Math.min(100, steps / 10)),
                (float) t.path("weightDecay").asDouble(0.1),
                (float) t.path("beta1").asDouble(0.9),
                (float) t.path("beta2").asDouble(0.95),
                (float) t.path("eps").asDouble(1e-8),
                (float) t.path("gradClip").asDouble(1.0),
                t.path("seed").asLong(1337),
                t.path("logEvery").asInt(1),
                t.path("evalEvery").asInt(100),
                t.path("evalBatches").asInt(10),
                t.path("checkpointEvery").asInt(0));
    }

    private static Map<String, Double> metrics(Trainer.StepLog log) {
        Map<String, Double> values = new LinkedHashMap<>();
        values.put("loss", (double) log.loss());
        values.put("lr", (double) log.lr());
        values.put("tokens_per_s", log.tokensPerSecond());
        values.put("grad_norm", (double) log.gradNorm());
        if (log.evalLoss() != null) {
            values.put("eval_loss", (double) log.evalLoss());
        }
        return values;
    }

    /**
     * Losses are read back from the job's metrics rather than kept in memory: a resumed worker did not
     * see the steps before its checkpoint, and one that resumed at the last checkpoint saw no step at all.
     */
    private static ObjectNode result(JobContext context, Path out, TrainConfig train, long parameters) {
        ObjectNode result = JSON.createObjectNode();
        result.put("modelDir", Trainer.latestCheckpoint(out).orElseThrow().toString());
        result.put("steps", train.steps());
        put(result, "loss", context.metric("loss", false));
        put(result, "evalLoss", context.metric("eval_loss", false));
        put(result, "firstEvalLoss", context.metric("eval_loss", true));
        result.put("parameters", parameters);
        return result;
    }

    private static void put(ObjectNode node, String field, OptionalDouble value) {
        if (value.isPresent()) {
            node.put(field, value.getAsDouble());
        } else {
            node.putNull(field);
        }
    }
}
