package ai.enclave.worker.demo;

import ai.enclave.apikey.service.ApiKeys;
import ai.enclave.data.domain.DataSourceRecord;
import ai.enclave.data.domain.DatasetSnapshot;
import ai.enclave.data.service.DataCatalog;
import ai.enclave.database.StandalonePersistence;
import ai.enclave.deployment.domain.Deployment;
import ai.enclave.deployment.service.Deployments;
import ai.enclave.jobs.domain.Job;
import ai.enclave.jobs.domain.JobState;
import ai.enclave.models.domain.ModelVersion;
import ai.enclave.models.service.ModelRegistry;
import ai.enclave.team.service.TeamDirectory;
import ai.enclave.training.domain.ModelPreset;
import ai.enclave.training.domain.TrainingRequest;
import ai.enclave.training.domain.TrainingRun;
import ai.enclave.training.service.TrainingRuns;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The walk behind {@code ./enclave demo}, through the same domain services the portal's pages call:
 * a demo team, a directory source over the bundled texts, a snapshot, a tiny model trained from
 * scratch, a deployment and an API key for the first administrator. The portal's workers do the work;
 * this only queues it and waits, drawing a progress bar. Whatever already exists from an earlier
 * demo is reused, so a second run goes straight to the key (kept, mode 600, in the data directory:
 * only a hash of it is in the database).
 *
 * <p>Configured by the launcher through the environment (see DemoCommand in the installer).
 */
public final class Demo {

    static final String NAME = "demo";
    private static final String TEAM = "Demo";
    private static final String SOURCE = "demo-public-domain-texts";
    private static final int VOCABULARY = 512;
    private static final double HELD_OUT = 0.1;
    private static final int CONTEXT = 64;
    private static final int BATCH = 8;
    private static final double LEARNING_RATE = 3e-3;
    /** No worker claimed a job in this time: the portal (which starts workers) is not doing its part. */
    private static final Duration UNCLAIMED = Duration.ofSeconds(90);

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Held so the level sticks: Hibernate's start-up notes would bury the demo's own lines. */
    private static final Logger HIBERNATE = Logger.getLogger("org.hibernate");

    private final EntityManagerFactory database;
    private final Clock clock = Clock.systemUTC();
    private final Map<String, String> env;
    private final String owner;
    private final PrintStream out;
    private final ProgressBar bar;

    private Demo(EntityManagerFactory database, Map<String, String> env, PrintStream out) {
        this.database = database;
        this.env = env;
        this.owner = required(env, "ENCLAVE_DEMO_OWNER");
        this.out = out;
        this.bar = new ProgressBar(out, System.console() != null);
    }

    public static void main(String[] args) {
        HIBERNATE.setLevel(Level.SEVERE);
        Map<String, String> env = System.getenv();
        int steps = args.length == 2 && args[0].equals("--steps") ? Integer.parseInt(args[1]) : 300;
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(required(env, "ENCLAVE_DB_URL"));
        dataSource.setUser(required(env, "ENCLAVE_DB_USER"));
        dataSource.setPassword(required(env, "ENCLAVE_DB_PASSWORD"));
        try (EntityManagerFactory database = StandalonePersistence.open(dataSource)) {
            new Demo(database, env, System.out).run(steps);
        } catch (DemoFailed e) {
            System.err.println("enclave demo: " + e.getMessage());
            System.exit(1);
        }
    }

    private void run(int steps) {
        team();
        DataSourceRecord source = source();
        DatasetSnapshot snapshot = snapshot(source);
        ModelVersion model = model(snapshot, steps);
        Deployment deployment = deployment(model);
        String key = apiKey();
        String portal = env.getOrDefault("ENCLAVE_PORTAL_URL", "http://localhost:8080");
        out.println();
        out.printf(
                "Deployment '%s' is ready: model %s v%d (%,d parameters).%n",
                deployment.getName(), model.getName(), model.getVersion(), model.getParameters());
        out.println("Chat with it in the browser: " + portal + "/chat");
        out.println("Or through the OpenAI-compatible API:");
        out.println("  curl " + portal + "/v1/chat/completions -H \"Authorization: Bearer $ENCLAVE_API_KEY\""
                + " -H 'Content-Type: application/json' -d '{\"model\":\"" + NAME
                + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Four score\"}]}'");
        out.println("ENCLAVE_API_KEY=" + key);
    }

    private void team() {
        inTransaction(em -> {
            TeamDirectory teams = new TeamDirectory(em, clock);
            if (teams.listTeams().stream().noneMatch(t -> t.getName().equalsIgnoreCase(TEAM))) {
                teams.createTeam(TEAM, "Made by ./enclave demo: the public-domain texts and the tiny model");
                out.println("Created the team " + TEAM);
            }
            return null;
        });
    }

    private DataSourceRecord source() {
        return inTransaction(em -> {
            DataCatalog catalog = new DataCatalog(em, clock);
            Optional<DataSourceRecord> existing = catalog.sources().stream()
                    .filter(s -> s.getName().equals(SOURCE))
                    .findFirst();
            if (existing.isPresent()) return existing.get();
            String config = JSON.createObjectNode()
                    .put("root", required(env, "ENCLAVE_DEMO_CORPUS"))
                    .set("include", JSON.createArrayNode().add("**/*.txt"))
                    .toString();
            out.println("Added the source " + SOURCE + " (" + env.get("ENCLAVE_DEMO_CORPUS") + ")");
            return catalog.addSource(SOURCE, "directory", config, owner);
        });
    }

    /** The newest snapshot of the source that is ready or still being made; a new one if none. */
    private DatasetSnapshot snapshot(DataSourceRecord source) {
        DatasetSnapshot snapshot = inTransaction(em -> {
            DataCatalog catalog = new DataCatalog(em, clock);
            return catalog.snapshots().stream()
                    .filter(s -> s.getSource().getId().equals(source.getId()))
                    .filter(s -> !s.getJob().getState().isFinal() || s.getJob().getState() == JobState.SUCCEEDED)
                    .max(Comparator.comparing(DatasetSnapshot::getCreatedAt))
                    .orElseGet(() -> catalog.runPipeline(source.getId(), VOCABULARY, HELD_OUT, owner));
        });
        long id = snapshot.getId();
        awaitJob(
                "Preparing the data",
                () -> find(em -> new DataCatalog(em, clock).findSnapshot(id)).getJob());
        DatasetSnapshot ready = awaitSettled(
                "snapshot", () -> find(em -> new DataCatalog(em, clock).findSnapshot(id)), DatasetSnapshot::isSettled);
        out.printf(
                "Snapshot %s: %d documents, %,d tokens%n",
                ready.getContentId().substring(0, 12), ready.getDocuments(), ready.getTokens());
        return ready;
    }

    private ModelVersion model(DatasetSnapshot snapshot, int steps) {
        Optional<ModelVersion> registered = inTransaction(em -> new ModelRegistry(em, clock)
                .versions().stream()
                        .filter(v -> v.getName().equals(NAME))
                        .max(Comparator.comparingInt(ModelVersion::getVersion)));
        if (registered.isPresent()) {
            out.println("Reusing the model " + NAME + " v" + registered.get().getVersion());
            return registered.get();
        }
        TrainingRun run = inTransaction(em -> {
            TrainingRuns runs = new TrainingRuns(em, clock);
            return runs.runs().stream()
                    .filter(r ->
                            r.getName().equals(NAME) && !r.getJob().getState().isFinal())
                    .findFirst()
                    .orElseGet(() -> runs.launch(
                            new TrainingRequest(
                                    NAME,
                                    ModelPreset.TINY,
                                    null,
                                    snapshot.getId(),
                                    CONTEXT,
                                    steps,
                                    BATCH,
                                    LEARNING_RATE),
                            required(env, "ENCLAVE_ARTIFACTS"),
                            // the estimate is not shown here; these only bound the memory check
                            1e9,
                            0,
                            Runtime.getRuntime().maxMemory(),
                            owner));
        });
        long id = run.getId();
        awaitJob(
                "Training a tiny model",
                () -> find(em -> new TrainingRuns(em, clock).find(id)).getJob());
        TrainingRun done = awaitSettled(
                "model version",
                () -> find(em -> new TrainingRuns(em, clock).find(id)),
                r -> r.getModelVersion() != null);
        return done.getModelVersion();
    }

    private Deployment deployment(ModelVersion model) {
        Deployment deployment = inTransaction(em -> {
            Deployments deployments = new Deployments(em, clock);
            return deployments.live().stream()
                    .filter(d -> d.getName().equalsIgnoreCase(NAME))
                    .findFirst()
                    .orElseGet(() -> deployments.deploy(model.getId(), NAME, owner));
        });
        awaitReady(deployment.getId());
        return deployment;
    }

    /** The key from an earlier demo if it still works, else a new one, kept beside the corpus. */
    private String apiKey() {
        Path keyFile = Path.of(required(env, "ENCLAVE_DEMO_CORPUS")).resolveSibling("api-key");
        try {
            if (Files.exists(keyFile)) {
                String kept = Files.readString(keyFile).strip();
                if (inTransaction(em -> new ApiKeys(em, clock).authenticate(kept))
                        .isPresent()) return kept;
            }
            String secret = inTransaction(
                    em -> new ApiKeys(em, clock).issue(owner, "demo").secret());
            Files.deleteIfExists(keyFile);
            Files.createFile(
                    keyFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.writeString(keyFile, secret + "\n");
            out.println("Created an API key for " + env.getOrDefault("ENCLAVE_DEMO_OWNER_NAME", owner));
            return secret;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot keep the demo's API key in " + keyFile + ": " + e.getMessage(), e);
        }
    }

    /** Follows a job to its end, drawing its progress; fails with the job's own error. */
    private void awaitJob(String label, Supplier<Job> job) {
        long began = System.nanoTime();
        while (true) {
            Job current = job.get();
            JobState state = current.getState();
            if (state == JobState.SUCCEEDED) {
                bar.done(label);
                return;
            }
            if (state.isFinal()) {
                bar.done(label);
                throw new DemoFailed(label + " " + state.dbName() + ": "
                        + Optional.ofNullable(current.getError()).orElse("(no message)"));
            }
            if (state == JobState.QUEUED && System.nanoTime() - began > UNCLAIMED.toNanos()) {
                throw new DemoFailed(label + ": no worker took the job in " + UNCLAIMED.toSeconds()
                        + " s; is the portal running? (./enclave status, ./enclave logs portal)");
            }
            bar.show(label, progressOf(current));
            pause();
        }
    }

    /** Waits for the portal to turn a finished job into its record (it settles every few seconds). */
    private <T> T awaitSettled(String what, Supplier<T> record, Function<T, Boolean> settled) {
        for (int i = 0; i < 60; i++) {
            T current = record.get();
            if (settled.apply(current)) return current;
            pause();
        }
        throw new DemoFailed("the portal did not register the " + what + " within a minute; is it running?");
    }

    /** Waits for the serving worker to report ready (the portal's own rule: Deployments.endpoint). */
    private void awaitReady(long deploymentId) {
        long began = System.nanoTime();
        while (true) {
            if (inTransaction(em -> new Deployments(em, clock).endpoint(deploymentId))
                    .isPresent()) {
                bar.done("Deploying");
                return;
            }
            Job job = find(em -> new Deployments(em, clock).find(deploymentId)).getJob();
            if (job.getState().isFinal()) {
                throw new DemoFailed("the deployment " + job.getState().dbName() + ": "
                        + Optional.ofNullable(job.getError()).orElse("(no message)"));
            }
            if (System.nanoTime() - began > UNCLAIMED.toNanos() * 2) {
                throw new DemoFailed("the deployment did not become ready in " + UNCLAIMED.toSeconds() * 2 + " s");
            }
            bar.show("Deploying", Optional.empty());
            pause();
        }
    }

    /** step/steps and ETA from a training job's progress; nothing for other jobs. */
    private static Optional<ProgressBar.Fraction> progressOf(Job job) {
        if (job.getProgress() == null) return Optional.empty();
        try {
            JsonNode progress = JSON.readTree(job.getProgress());
            if (!progress.has("step") || !progress.has("steps")) return Optional.empty();
            return Optional.of(new ProgressBar.Fraction(
                    progress.get("step").asLong(),
                    progress.get("steps").asLong(),
                    progress.path("etaSeconds").asLong(-1)));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private <T> T inTransaction(Function<EntityManager, T> work) {
        return StandalonePersistence.inTransaction(database, work);
    }

    private <T> T find(Function<EntityManager, Optional<T>> lookup) {
        return inTransaction(lookup).orElseThrow(() -> new DemoFailed("a record of this demo was deleted meanwhile"));
    }

    private static void pause() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DemoFailed("interrupted");
        }
    }

    private static String required(Map<String, String> env, String name) {
        String value = env.get(name);
        if (value == null || value.isBlank())
            throw new DemoFailed(name + " is not set (run the demo through ./enclave demo)");
        return value;
    }

    /** A failure the demo explains in one line. */
    static final class DemoFailed extends RuntimeException {
        DemoFailed(String message) {
            super(message);
        }
    }
}
