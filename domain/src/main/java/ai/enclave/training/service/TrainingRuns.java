/*
 * Training runs: the estimate shown before launch, launching (a train job plus its run row, in one
 * transaction), listing, cancelling, and registering the model version of each run that finished.
 * A worker process does the training; this service only decides what it is asked to do. Every
 * refusal is a TrainingRefusedException thrown before anything is written. Permission checks belong
 * to the caller (security module).
 */
package ai.enclave.training.service;

import ai.enclave.audit.domain.AuditOutcome;
import ai.enclave.audit.service.AuditLog;
import ai.enclave.common.Json;
import ai.enclave.common.Timestamps;
import ai.enclave.data.domain.DataMix;
import ai.enclave.data.domain.DatasetSnapshot;
import ai.enclave.data.domain.MixPlan;
import ai.enclave.data.service.DataCatalog;
import ai.enclave.data.service.DataMixes;
import ai.enclave.data.service.TokenizerIdentity;
import ai.enclave.database.EnclaveDatabase;
import ai.enclave.jobs.domain.Job;
import ai.enclave.jobs.domain.JobKind;
import ai.enclave.jobs.domain.JobState;
import ai.enclave.jobs.service.JobOutcomeHandler;
import ai.enclave.jobs.service.Jobs;
import ai.enclave.models.domain.ModelVersion;
import ai.enclave.models.service.ModelRegistry;
import ai.enclave.training.domain.ModelShape;
import ai.enclave.training.domain.TrainingEstimate;
import ai.enclave.training.domain.TrainingRequest;
import ai.enclave.training.domain.TrainingRun;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

@ApplicationScoped
@Transactional
public class TrainingRuns implements JobOutcomeHandler {

    /** More steps than anyone runs from this form; catches a mistyped number. */
    static final int MAX_STEPS = 10_000_000;

    private static final double GIB = 1024.0 * 1024 * 1024;
    private static final System.Logger LOG = System.getLogger(TrainingRuns.class.getName());

    @PersistenceContext(unitName = EnclaveDatabase.PERSISTENCE_UNIT)
    private EntityManager entityManager;

    @Inject
    private Clock clock;

    @Inject
    private Jobs jobs;

    @Inject
    private DataCatalog catalog;

    @Inject
    private DataMixes mixes;

    @Inject
    private ModelRegistry registry;

    @Inject
    private AuditLog audit;

    /** For CDI, which fills the fields above. */
    protected TrainingRuns() {}

    /** For use outside a container (tests, tools): the caller owns the transaction. */
    public TrainingRuns(EntityManager entityManager, Clock clock) {
        this.entityManager = Objects.requireNonNull(entityManager, "entityManager is null");
        this.clock = Objects.requireNonNull(clock, "clock is null");
        this.jobs = new Jobs(entityManager, clock);
        this.catalog = new DataCatalog(entityManager, clock);
        this.mixes = new DataMixes(entityManager, clock);
        this.registry = new ModelRegistry(entityManager, clock);
        this.audit = new AuditLog(entityManager, clock);
    }

    /**
     * What the run would cost, or why it cannot run: the same checks as {@link #launch}, so a form
     * that shows the estimate also shows the refusal before the person clicks launch.
     *
     * @throws TrainingRefusedException when the request cannot run (see {@link #launch})
     */
    public TrainingEstimate estimate(
            TrainingRequest r, double deviceFlopsPerSecond, double pricePerDeviceHour, long memoryBytesAvailable) {
        return plan(r, deviceFlopsPerSecond, pricePerDeviceHour, memoryBytesAvailable)
                .estimate();
    }

    /**
     * How the run's tokens (steps x batch x context) split over its data: per snapshot the tokens
     * taken and how many times it is read, with a warning where one is repeated too often.
     *
     * @throws TrainingRefusedException when the snapshot or mix does not exist or is not ready
     */
    public MixPlan dataPlan(TrainingRequest r) {
        Objects.requireNonNull(r, "request is null");
        if (r.steps() <= 0 || r.batchSize() <= 0 || r.seqLen() <= 0) {
            throw new TrainingRefusedException("steps, batch size and context must be positive to plan the data");
        }
        DataMix mix = mix(r);
        return mix == null ? DataMixes.plan(snapshot(r), r.tokenBudget()) : DataMixes.plan(mix, r.tokenBudget());
    }

    /**
     * Queues the train job and records the run, both in the caller's transaction.
     *
     * @param artifactsDir the artifact directory; the run writes its checkpoints to runs/run-ID under it
     * @throws TrainingRefusedException with a message for the form, before anything is written: a
     *     blank name, not exactly one of preset and base model or of snapshot and mix, steps, batch size,
     *     context or learning rate out of range, a snapshot (or one of the mix's) missing, not ready or empty, a base model that is not an MPT
     *     model or was trained with another tokenizer, or more memory needed than available
     */
    public TrainingRun launch(
            TrainingRequest r, String artifactsDir, double deviceFlops, double price, long memoryAvailable, String by) {
        Objects.requireNonNull(artifactsDir, "artifactsDir is null");
        Plan plan = plan(r, deviceFlops, price, memoryAvailable);
        ObjectNode train = trainSettings(r);
        ObjectNode spec = Json.MAPPER.createObjectNode();
        spec.set("modelConfig", Json.object(plan.configJson(), "model config"));
        if (plan.baseModel() == null) {
            spec.putNull("baseModelDir");
            spec.put("tokenizerDir", plan.sources().getFirst().snapshot().getTokenizerDir());
        } else {
            // a model directory holds its tokenizer next to its weights
            spec.put("baseModelDir", plan.baseModel().getDirectory());
            spec.put("tokenizerDir", plan.baseModel().getDirectory());
        }
        ArrayNode data = spec.putArray("data");
        for (Source source : plan.sources()) {
            data.addObject().put("dir", source.snapshot().getDirectory()).put("weight", source.weight());
        }
        spec.set("train", train);

        Job job = jobs.enqueue(JobKind.TRAIN, Json.text(spec), by);
        TrainingRun run = new TrainingRun(
                r.name(),
                job,
                plan.mix() == null ? plan.sources().getFirst().snapshot() : null,
                plan.mix(),
                r.preset(),
                plan.baseModel(),
                Json.text(train),
                plan.estimate(),
                by,
                Timestamps.now(clock));
        entityManager.persist(run);
        entityManager.flush();
        // The out dir is named by the run id, known only now; the job row is not committed yet, so no
        // worker can have read the spec without it.
        spec.put("outDir", Path.of(artifactsDir, "runs", "run-" + run.getId()).toString());
        entityManager
                .createNativeQuery("update jobs set spec = cast(?1 as jsonb) where id = ?2")
                .setParameter(1, Json.text(spec))
                .setParameter(2, job.getId())
                .executeUpdate();
        entityManager.refresh(job);
        return run;
    }

    /** All runs, newest first. */
    public List<TrainingRun> runs() {
        return entityManager
                .createQuery("select r from TrainingRun r order by r.createdAt desc, r.id desc", TrainingRun.class)
                .getResultList();
    }

    public Optional<TrainingRun> find(long id) {
        return Optional.ofNullable(entityManager.find(TrainingRun.class, id));
    }

    /**
     * Stops the run's job (a queued one at once, a running one at its worker's next heartbeat); a
     * finished run stays as it is. Audited as "cancel-training-run".
     *
     * @throws NoSuchElementException when there is no such run
     */
    public void cancel(long runId, String by) {
        TrainingRun run = find(runId).orElseThrow(() -> new NoSuchElementException("no training run with id " + runId));
        jobs.requestCancel(run.getJob().getId());
        audit.record(by, "cancel-training-run", "training-run:" + runId, run.getName(), AuditOutcome.SUCCESS);
    }

    /**
     * Registers a model version for each run whose job succeeded and that has none yet: named as the
     * run, the next version of that name, its files the final checkpoint directory.
     */
    @Override
    public int settleSucceededJobs() {
        List<TrainingRun> finished = entityManager
                .createQuery(
                        "select r from TrainingRun r where r.modelVersion is null and r.job.state = 'succeeded'",
                        TrainingRun.class)
                .getResultList();
        int registered = 0;
        for (TrainingRun run : finished) {
            // A result the worker wrote wrong must not block the other runs (or every page that settles).
            try {
                ObjectNode spec = Json.object(
                        run.getJob().getSpec(), "spec of job " + run.getJob().getId());
                ObjectNode result = Json.object(
                        run.getJob().getResult(),
                        "result of job " + run.getJob().getId());
                String modelDir = result.path("modelDir").asText();
                String config = configOf(Path.of(modelDir), spec.get("modelConfig"));
                long parameters = result.hasNonNull("parameters")
                        ? result.get("parameters").asLong()
                        : ModelShape.fromConfigJson(config).parameters();
                JsonNode evalLoss = result.get("evalLoss");
                ModelVersion version = registry.register(
                        run.getName(),
                        modelDir,
                        config,
                        parameters,
                        snapshotIds(run),
                        Json.text(spec.get("train")),
                        evalLoss == null || !evalLoss.isNumber() ? null : evalLoss.asDouble(),
                        run.getId(),
                        run.getCreatedBy());
                run.registered(version);
                registered++;
            } catch (IllegalArgumentException e) {
                LOG.log(System.Logger.Level.WARNING, "run " + run.getId() + " not registered: " + e.getMessage());
            }
        }
        return registered;
    }

    /** One snapshot the run reads and its weight in the run's data. */
    private record Source(DatasetSnapshot snapshot, double weight) {}

    /** Everything launch needs, after every check passed; mix is null for a run over one snapshot. */
    private record Plan(
            List<Source> sources, DataMix mix, ModelVersion baseModel, String configJson, TrainingEstimate estimate) {}

    private Plan plan(TrainingRequest r, double deviceFlops, double price, long memoryAvailable) {
        Objects.requireNonNull(r, "request is null");
        checkNumbers(r);
        DataMix mix = mix(r);
        List<Source> sources = mix == null
                ? List.of(new Source(snapshot(r), 1))
                : mix.getComponents().stream()
                        .map(c -> new Source(c.getSnapshot(), c.getWeight()))
                        .toList();
        for (Source source : sources) {
            checkReady(source.snapshot());
        }
        DatasetSnapshot snapshot = sources.getFirst().snapshot();
        ModelVersion base = null;
        ModelShape shape;
        if (r.preset() != null) {
            if (r.seqLen() > r.preset().maxSeqLen()) {
                throw new TrainingRefusedException("a context of " + r.seqLen() + " tokens is longer than the "
                        + r.preset() + " preset allows (" + r.preset().maxSeqLen() + ")");
            }
            shape = r.preset().shape(vocabSize(snapshot), r.seqLen());
        } else {
            base = registry.find(r.baseModelId())
                    .orElseThrow(() -> new TrainingRefusedException("there is no model version " + r.baseModelId()));
            shape = baseShape(base, r.seqLen());
            checkSameTokenizer(base, snapshot);
        }
        long needed = (long) r.batchSize() * r.seqLen() + 1;
        long tokens = sources.stream().mapToLong(s -> s.snapshot().getTokens()).sum();
        if (tokens < needed) {
            throw new TrainingRefusedException((mix == null ? "snapshot " + snapshot.getId() : "mix " + mix.getName())
                    + " has " + tokens + " tokens, fewer than one batch of " + r.batchSize() + " x " + r.seqLen()
                    + " needs");
        }
        for (Source source : sources) {
            // the trainer reads whole windows of context + 1 tokens from each source
            if (source.snapshot().getTrainTokens() < r.seqLen() + 1) {
                throw new TrainingRefusedException(
                        "snapshot " + source.snapshot().getLabel() + " has "
                                + source.snapshot().getTrainTokens() + " training tokens, fewer than one window of "
                                + (r.seqLen() + 1) + " for a context of " + r.seqLen());
            }
        }
        TrainingEstimate estimate =
                TrainingEstimate.of(shape, r.steps(), r.batchSize(), r.seqLen(), deviceFlops, price);
        if (estimate.memoryBytes() > memoryAvailable) {
            throw new TrainingRefusedException(String.format(
                    Locale.ROOT,
                    "this run needs %.1f GiB of memory, this machine has %.1f GiB: choose a smaller model,"
                            + " batch or context",
                    estimate.memoryBytes() / GIB,
                    memoryAvailable / GIB));
        }
        String config = base == null ? shape.configJson() : base.getConfig();
        return new Plan(sources, mix, base, config, estimate);
    }

    /** The request's mix, or null when it reads one snapshot. */
    private DataMix mix(TrainingRequest r) {
        if ((r.snapshotId() == null) == (r.mixId() == null)) {
            throw new TrainingRefusedException("choose either a snapshot or a data mix to train on");
        }
        if (r.mixId() == null) {
            return null;
        }
        return mixes.find(r.mixId())
                .orElseThrow(() -> new TrainingRefusedException("there is no data mix " + r.mixId()));
    }

    private DatasetSnapshot snapshot(TrainingRequest r) {
        return catalog.findSnapshot(r.snapshotId())
                .orElseThrow(() -> new TrainingRefusedException("there is no snapshot " + r.snapshotId()));
    }

    private static void checkNumbers(TrainingRequest r) {
        if (r.name() == null || r.name().isBlank()) {
            throw new TrainingRefusedException("a run needs a name");
        }
        if (r.name().strip().length() > TrainingRun.NAME_LENGTH) {
            throw new TrainingRefusedException("the name is longer than " + TrainingRun.NAME_LENGTH + " characters");
        }
        if ((r.preset() == null) == (r.baseModelId() == null)) {
            throw new TrainingRefusedException("choose either a size preset or a model version to continue");
        }
        if (r.steps() <= 0 || r.steps() > MAX_STEPS) {
            throw new TrainingRefusedException("steps must be between 1 and " + MAX_STEPS + ", not " + r.steps());
        }
        if (r.batchSize() <= 0) {
            throw new TrainingRefusedException("the batch size must be at least 1, not " + r.batchSize());
        }
        if (r.seqLen() <= 0) {
            throw new TrainingRefusedException("the context length must be at least 1 token, not " + r.seqLen());
        }
        if (!(r.learningRate() > 0 && r.learningRate() < 1)) {
            throw new TrainingRefusedException(
                    "the learning rate must be above 0 and below 1, not " + r.learningRate());
        }
    }

    private static void checkReady(DatasetSnapshot snapshot) {
        JobState state = snapshot.getJob().getState();
        if (state != JobState.SUCCEEDED || !snapshot.isSettled()) {
            throw new TrainingRefusedException(
                    "snapshot " + snapshot.getId() + " is not ready: its pipeline run is " + state.dbName());
        }
        if (snapshot.getDocuments() == 0 || snapshot.getTokens() == null || snapshot.getTokens() == 0) {
            throw new TrainingRefusedException("snapshot " + snapshot.getId() + " is empty (" + snapshot.getDocuments()
                    + " documents, " + snapshot.getTokens() + " tokens): there is nothing to train on");
        }
    }

    /** The prepare job's result names the vocabulary size of the tokenizer it trained. */
    private static int vocabSize(DatasetSnapshot snapshot) {
        JsonNode vocab =
                Json.object(snapshot.getJob().getResult(), "snapshot result").get("vocabSize");
        if (vocab == null || !vocab.canConvertToInt() || vocab.asInt() <= 0) {
            throw new TrainingRefusedException(
                    "snapshot " + snapshot.getId() + " does not say the vocabulary size of its tokenizer");
        }
        return vocab.asInt();
    }

    private static ModelShape baseShape(ModelVersion base, int seqLen) {
        ModelShape shape;
        try {
            shape = ModelShape.fromConfigJson(base.getConfig());
        } catch (IllegalArgumentException e) {
            throw new TrainingRefusedException(base.getLabel() + " cannot be continued: " + e.getMessage());
        }
        if (seqLen > shape.maxSeqLen()) {
            throw new TrainingRefusedException("a context of " + seqLen + " tokens is longer than " + base.getLabel()
                    + " was trained with (" + shape.maxSeqLen() + ")");
        }
        return shape;
    }

    /**
     * Token ids only mean the same words under the same tokenizer: continuing a model on a snapshot
     * tokenized by another one would train on noise.
     */
    private static void checkSameTokenizer(ModelVersion base, DatasetSnapshot snapshot) {
        boolean same;
        try {
            same = TokenizerIdentity.same(Path.of(base.getDirectory()), Path.of(snapshot.getTokenizerDir()));
        } catch (IOException e) {
            throw new TrainingRefusedException("cannot compare the tokenizers of " + base.getLabel() + " and snapshot "
                    + snapshot.getId() + ": " + e.getMessage());
        }
        if (!same) {
            throw new TrainingRefusedException("snapshot " + snapshot.getId() + " was tokenized with another tokenizer"
                    + " than " + base.getLabel() + " uses; continue it on a snapshot with the same tokenizer");
        }
    }

    /**
     * The settings gpu-runtime's TrainConfig takes, from the request and defaults: AdamW as in
     * nanoGPT, 10% warmup, cosine to a tenth of the peak, about five evals and five checkpoints.
     */
    private static ObjectNode trainSettings(TrainingRequest r) {
        ObjectNode t = Json.MAPPER.createObjectNode();
        t.put("batchSize", r.batchSize())
                .put("seqLen", r.seqLen())
                .put("gradAccum", 1)
                .put("steps", r.steps());
        t.put("lr", r.learningRate()).put("minLr", r.learningRate() / 10);
        t.put("warmupSteps", Math.max(1, r.steps() / 10));
        t.put("weightDecay", 0.1)
                .put("beta1", 0.9)
                .put("beta2", 0.95)
                .put("eps", 1e-8)
                .put("gradClip", 1.0);
        t.put("seed", 1).put("logEvery", 1);
        t.put("evalEvery", Math.max(1, r.steps() / 5)).put("evalBatches", 4);
        t.put("checkpointEvery", Math.max(1, r.steps() / 5));
        return t;
    }

    /** The config.json the run wrote next to its weights; the spec's when that file cannot be read. */
    private static String configOf(Path modelDir, JsonNode specConfig) {
        try {
            return Json.text(Json.object(Files.readString(modelDir.resolve("config.json")), "config.json"));
        } catch (IOException | IllegalArgumentException e) {
            return Json.text(specConfig);
        }
    }

    /** The base model's snapshots (when continued) and then this run's. */
    private static String snapshotIds(TrainingRun run) {
        Set<String> ids = new LinkedHashSet<>();
        if (run.getBaseModel() != null) {
            for (JsonNode id : readArray(run.getBaseModel().getSnapshotIds())) {
                ids.add(id.asText());
            }
        }
        for (DatasetSnapshot snapshot : run.getSnapshots()) {
            if (snapshot.getContentId() != null) {
                ids.add(snapshot.getContentId());
            }
        }
        ArrayNode array = Json.MAPPER.createArrayNode();
        ids.forEach(array::add);
        return Json.text(array);
    }

    private static ArrayNode readArray(String json) {
        try {
            JsonNode node = Json.MAPPER.readTree(json);
            return node instanceof ArrayNode array ? array : Json.MAPPER.createArrayNode();
        } catch (IOException e) {
            return Json.MAPPER.createArrayNode();
        }
    }
}
