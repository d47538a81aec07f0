package ai.enclave.runtime.train;

import ai.enclave.runtime.EngineException;
import ai.enclave.runtime.backend.Backend;
import ai.enclave.runtime.io.ModelFiles;
import ai.enclave.runtime.io.SafeTensors;
import ai.enclave.runtime.model.ModelConfig;
import ai.enclave.runtime.model.ParameterTensors;
import ai.enclave.runtime.model.Transformer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The training loop: micro-batches with gradient accumulation, global-norm clipping, warmup+cosine
 * AdamW, periodic eval on held-out shards and checkpoints a resumed run continues bit for bit.
 * The data is a {@link DataMix} read by a {@link MixLoader} (one directory is a mix of one).
 * A checkpoint is a directory out/checkpoint-NNNNNNNN holding config.json + model.safetensors (the
 * Hugging Face layout, with the tokenizer and chat files when the run has a tokenizer),
 * optimizer.safetensors (m, v) and trainer_state.json (step, data position of every source);
 * it is written under a temporary name and renamed, so a crash never leaves half of one.
 */
public final class Trainer implements AutoCloseable {

    /** What one logged step reports. */
    public record StepLog(int step, float loss, float lr, float gradNorm, double tokensPerSecond, Float evalLoss) {}

    public interface Listener {
        void onStep(StepLog log);
    }

    private final Arena arena = Arena.ofShared();
    private final Backend backend;
    private final TrainConfig cfg;
    private final Path out;
    private final TokenizerFiles tokenizer; // null: checkpoints carry no tokenizer
    public final Transformer model;
    private final AdamW optimizer;
    private final DataMix data;
    private final MixLoader train;
    private final MixLoader eval; // null: no source has val/ shards
    private int step;

    public Trainer(
            Backend backend,
            ModelConfig config,
            Path modelDir,
            DataMix data,
            Path out,
            TokenizerFiles tokenizer,
            TrainConfig cfg,
            boolean resume) {
        this.backend = backend;
        this.cfg = cfg;
        this.out = out;
        this.tokenizer = tokenizer;
        ParameterTensors params = new ParameterTensors(config, arena);
        this.model = new Transformer(config, backend, params, cfg.batchSize(), cfg.seqLen(), true, arena);
        this.optimizer = new AdamW(params, cfg.beta1(), cfg.beta2(), cfg.eps(), cfg.weightDecay(), arena);
        this.data = data;
        this.train = MixLoader.train(data, cfg.seqLen(), config.vocabSize(), cfg.seed());
        this.eval = MixLoader.eval(data, cfg.seqLen(), config.vocabSize()).orElse(null);
        Optional<Path> latest = resume ? latestCheckpoint(out) : Optional.empty();
        if (resume && latest.isEmpty())
            throw new EngineException(out + ": --resume given but no checkpoint-* directory found");
        if (latest.isPresent()) restore(latest.get());
        else if (modelDir != null && ModelFiles.hasWeights(modelDir)) ModelFiles.loadWeights(modelDir, params);
        else params.randomInit(cfg.seed());
    }

    public int step() {
        return step;
    }

    /** Per source of the mix (in its order), how far its training windows have been read: 1.0 = one epoch. */
    public double[] dataEpochs() {
        return train.epochs();
    }

    /** Runs optimizer steps until cfg.steps() or until stopAfter steps in this call (for tests). */
    public void run(int stopAfter, Listener listener) throws IOException {
        int b = cfg.batchSize(), t = cfg.seqLen();
        int[] inputs = new int[b * t];
        int[] targets = new int[b * t];
        int end = (int) Math.min(cfg.steps(), (long) step + stopAfter);
        while (step < end) {
            long start = System.nanoTime();
            model.zeroGrad();
            double lossSum = 0;
            for (int micro = 0; micro < cfg.gradAccum(); micro++) {
                train.next(b, inputs, targets);
                lossSum += model.forward(inputs, targets, b, t);
                int counted = Math.max(1, model.countedTargets());
                model.backward(1f / counted / cfg.gradAccum());
            }
            float gradNorm = AdamW.clipGradNorm(backend, model.grads, cfg.gradClip());
            float lr = cfg.learningRate(step);
            optimizer.update(backend, model.params, model.grads, lr);
            step++;
            double seconds = (System.nanoTime() - start) / 1e9;
            Float evalLoss = eval != null && cfg.evalEvery() > 0 && (step % cfg.evalEvery() == 0 || step == cfg.steps())
                    ? evalLoss()
                    : null;
            boolean log = step % Math.max(1, cfg.logEvery()) == 0 || step == cfg.steps() || evalLoss != null;
            if (log)
                listener.onStep(new StepLog(
                        step,
                        (float) (lossSum / cfg.gradAccum()),
                        lr,
                        gradNorm,
                        (double) b * t * cfg.gradAccum() / seconds,
                        evalLoss));
            if ((cfg.checkpointEvery() > 0 && step % cfg.checkpointEvery() == 0) || step == cfg.steps())
                saveCheckpoint();
        }
    }

    /** Mean loss over the first evalBatches batches of the sources' held-out shards (fixed order and schedule). */
    public float evalLoss() {
        int b = cfg.batchSize(), t = cfg.seqLen();
        int[] inputs = new int[b * t];
        int[] targets = new int[b * t];
        eval.rewind();
        int batches = (int) Math.max(1, Math.min(cfg.evalBatches(), eval.windows() / b));
        double sum = 0;
        for (int i = 0; i < batches; i++) {
            eval.next(b, inputs, targets);
            sum += model.forward(inputs, targets, b, t);
        }
        return (float) (sum / batches);
    }

    public Path saveCheckpoint() throws IOException {
        Files.createDirectories(out);
        String name = String.format("checkpoint-%08d", step);
        Path tmp = out.resolve(".tmp-" + name);
        Path dst = out.resolve(name);
        deleteRecursively(tmp);
        ModelFiles.save(tmp, model.params);
        if (tokenizer != null) tokenizer.writeInto(tmp);
        Map<String, SafeTensors.Output> opt = new LinkedHashMap<>();
        opt.put("m", new SafeTensors.Output(new long[] {model.params.count}, optimizer.m));
        opt.put("v", new SafeTensors.Output(new long[] {model.params.count}, optimizer.v));
        SafeTensors.write(tmp.resolve("optimizer.safetensors"), opt, Map.of());
        ObjectNode state = new ObjectMapper().createObjectNode();
        state.put("step", step).put("optimizer_steps", optimizer.stepsDone());
        List<MixLoader.Position> position = train.position();
        // the keys of checkpoints from before mixes, so older readers still find a one-source position
        if (position.size() == 1)
            state.put("data_epoch", position.get(0).epoch())
                    .put("data_cursor", position.get(0).cursor());
        state.put("data_seed", cfg.seed());
        ArrayNode sources = state.putArray("data_sources");
        for (int i = 0; i < position.size(); i++) {
            MixLoader.Position p = position.get(i);
            sources.addObject()
                    .put("dir", data.sources().get(i).dir().toString())
                    .put("share", data.share(i))
                    .put("epoch", p.epoch())
                    .put("cursor", p.cursor())
                    .put("rows", p.rows());
        }
        new ObjectMapper()
                .writerWithDefaultPrettyPrinter()
                .writeValue(tmp.resolve("trainer_state.json").toFile(), state);
        deleteRecursively(dst);
        Files.move(tmp, dst, StandardCopyOption.ATOMIC_MOVE);
        return dst;
    }

    private void restore(Path dir) {
        ModelFiles.loadWeights(dir, model.params);
        try (SafeTensors st = SafeTensors.open(dir.resolve("optimizer.safetensors"))) {
            st.readFloats("m", optimizer.m);
            st.readFloats("v", optimizer.v);
        }
        try {
            JsonNode state = new ObjectMapper()
                    .readTree(dir.resolve("trainer_state.json").toFile());
            if (state.path("data_seed").asLong() != cfg.seed()) {
                throw new EngineException(dir + ": checkpoint was trained with --seed "
                        + state.path("data_seed").asLong() + ", not " + cfg.seed());
            }
            step = state.path("step").asInt();
            optimizer.restore(state.path("optimizer_steps").asInt());
            train.seek(dataPosition(dir, state));
        } catch (IOException e) {
            throw new EngineException(dir.resolve("trainer_state.json") + ": cannot read (" + e.getMessage() + ")");
        }
    }

    /** The saved position of every source; a checkpoint from before mixes holds one source's epoch and cursor. */
    private List<MixLoader.Position> dataPosition(Path dir, JsonNode state) {
        JsonNode sources = state.path("data_sources");
        List<MixLoader.Position> position = new ArrayList<>();
        if (!sources.isArray()) {
            if (data.size() != 1)
                throw new EngineException(
                        dir + ": checkpoint was trained on one data source, this run has " + data.size());
            int epoch = state.path("data_epoch").asInt(),
                    cursor = state.path("data_cursor").asInt();
            position.add(new MixLoader.Position(epoch, cursor, (long) epoch * train.windows(0) + cursor));
            return position;
        }
        if (sources.size() != data.size())
            throw new EngineException(dir + ": checkpoint was trained on a mix of " + sources.size()
                    + " data sources, this run has " + data.size());
        for (int i = 0; i < sources.size(); i++) {
            JsonNode s = sources.get(i);
            // a changed weight changes the schedule, so the run would not continue as it began
            if (Math.abs(s.path("share").asDouble() - data.share(i)) > 1e-12)
                throw new EngineException(dir + ": checkpoint gave data source " + (i + 1) + " ("
                        + s.path("dir").asText() + ") a share of "
                        + s.path("share").asDouble()
                        + ", this run gives " + data.sources().get(i).dir() + " " + data.share(i));
            position.add(new MixLoader.Position(
                    s.path("epoch").asInt(),
                    s.path("cursor").asInt(),
                    s.path("rows").asLong()));
        }
        return position;
    }

    public static Optional<Path> latestCheckpoint(Path out) {
        if (!Files.isDirectory(out)) return Optional.empty();
        try (Stream<Path> s = Files.list(out)) {
            return s.filter(p -> p.getFileName().toString().startsWith("checkpoint-") && Files.isDirectory(p))
                    .max(Comparator.comparing(p -> p.getFileName().toString()));
        } catch (IOException e) {
            throw new EngineException(out + ": cannot list checkpoints (" + e.getMessage() + ")");
        }
    }

    private static void deleteRecursively(Path p) throws IOException {
        if (!Files.exists(p)) return;
        try (Stream<Path> s = Files.walk(p)) {
            for (Path x : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(x);
        }
    }

    @Override
    public void close() {
        train.close();
        if (eval != null) eval.close();
        arena.close();
    }
}
