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
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.lang.foreign.Arena;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The training loop: micro-batches with gradient accumulation, global-norm clipping, warmup+cosine
 * AdamW, periodic eval on held-out shards and checkpoints a resumed run continues bit for bit.
 * A checkpoint is a directory out/checkpoint-NNNNNNNN holding config.json + model.safetensors (the
 * Hugging Face layout, with the tokenizer and chat files when the run has a tokenizer),
 * optimizer.safetensors (m, v) and trainer_state.json (step, data position);
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
    private final DataLoader train;
    private final DataLoader eval;
    private int step;

    public Trainer(
            Backend backend,
            ModelConfig config,
            Path modelDir,
            Path dataDir,
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
        Path trainDir = Files.isDirectory(dataDir.resolve("train")) ? dataDir.resolve("train") : dataDir;
        this.train = new DataLoader(trainDir, cfg.seqLen(), config.vocabSize(), cfg.seed(), true);
        this.eval = Files.isDirectory(dataDir.resolve("val"))
                ? new DataLoader(dataDir.resolve("val"), cfg.seqLen(), config.vocabSize(), 0, false)
                : null;
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

    /** Mean loss over the first evalBatches batches of the held-out shards (fixed order). */
    public float evalLoss() {
        int b = cfg.batchSize(), t = cfg.seqLen();
        int[] inputs = new int[b * t];
        int[] targets = new int[b * t];
        eval.seek(0, 0);
        int batches = Math.max(1, Math.min(cfg.evalBatches(), eval.windows() / b));
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
        state.put("step", step)
                .put("optimizer_steps", optimizer.stepsDone())
                .put("data_epoch", train.epoch())
                .put("data_cursor", train.cursor());
        state.put("data_seed", cfg.seed());
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
            train.seek(
                    state.path("data_epoch").asInt(), state.path("data_cursor").asInt());
        } catch (IOException e) {
            throw new EngineException(dir.resolve("trainer_state.json") + ": cannot read (" + e.getMessage() + ")");
        }
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
