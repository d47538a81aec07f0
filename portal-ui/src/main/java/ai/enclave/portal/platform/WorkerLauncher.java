package ai.enclave.portal.platform;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Starts one worker JVM for one job: {@code setsid <java> ... ai.enclave.worker.WorkerMain --job <id>},
 * output appended to {@code <logs>/worker-job-<id>.log}, the database, the artifact directory and the
 * secrets key file (so a prepare job can decrypt its source's password or token) passed in the
 * environment. {@code setsid} puts the worker in a session of its own, so stopping or
 * restarting the portal never takes a training run or a deployment down with it.
 *
 * <p>It remembers when it last started each job and does not start the same job again within
 * {@link #RESTART_GRACE}: a fresh worker needs a moment to claim its job, and until then the job
 * still looks claimable. It does not decide which jobs need a worker ({@link WorkerSupervisor} asks
 * the queue) and does not watch the processes it started: the job's lease says whether its worker
 * lives.
 */
public final class WorkerLauncher {

    /** How long after starting a worker for a job the same job is left alone. */
    public static final Duration RESTART_GRACE = Duration.ofSeconds(30);

    static final String MAIN_CLASS = "ai.enclave.worker.WorkerMain";

    /**
     * What a worker needs to run.
     *
     * @param java the java binary, e.g. {@code /opt/enclave/jdk/bin/java}
     * @param classpath the worker jar and its libraries, e.g. {@code worker/enclave-worker.jar:worker/lib/*}
     * @param logsDir where {@code worker-job-<id>.log} goes
     * @param artifactsDir the artifact directory, passed as {@code ENCLAVE_ARTIFACTS}
     * @param secretsKeyFile the key file source secrets are encrypted with, passed as
     *     {@code ENCLAVE_SECRETS_KEY_FILE}, e.g. {@code /var/lib/enclave/portal/secrets.key}
     */
    public record Settings(
            String java,
            String classpath,
            Path logsDir,
            String artifactsDir,
            String dbUrl,
            String dbUser,
            String dbPassword,
            String secretsKeyFile) {
        public Settings {
            Objects.requireNonNull(java, "java is null");
            Objects.requireNonNull(classpath, "classpath is null");
            Objects.requireNonNull(logsDir, "logsDir is null");
            Objects.requireNonNull(artifactsDir, "artifactsDir is null");
            Objects.requireNonNull(dbUrl, "dbUrl is null");
            Objects.requireNonNull(dbUser, "dbUser is null");
            Objects.requireNonNull(dbPassword, "dbPassword is null");
            Objects.requireNonNull(secretsKeyFile, "secretsKeyFile is null");
        }
    }

    private final Settings settings;
    private final Map<Long, Instant> lastStarts = new ConcurrentHashMap<>();

    public WorkerLauncher(Settings settings) {
        this.settings = Objects.requireNonNull(settings, "settings is null");
    }

    /** The log file of a job's workers; every attempt appends to it. */
    public Path logFile(long jobId) {
        return settings.logsDir().resolve("worker-job-" + jobId + ".log");
    }

    /** The worker process for a job, ready to start. */
    ProcessBuilder processFor(long jobId) {
        ProcessBuilder builder = new ProcessBuilder(List.of(
                "setsid",
                settings.java(),
                // jobs are batch work (a pipeline pass, training steps) whose tensors live off the heap:
                // the throughput collector, which ran the data bench 7% faster than G1 on 2 cores
                "-XX:+UseParallelGC",
                "--add-modules",
                "jdk.incubator.vector",
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                settings.classpath(),
                MAIN_CLASS,
                "--job",
                Long.toString(jobId)));
        Map<String, String> environment = builder.environment();
        environment.put("ENCLAVE_DB_URL", settings.dbUrl());
        environment.put("ENCLAVE_DB_USER", settings.dbUser());
        environment.put("ENCLAVE_DB_PASSWORD", settings.dbPassword());
        environment.put("ENCLAVE_ARTIFACTS", settings.artifactsDir());
        environment.put("ENCLAVE_SECRETS_KEY_FILE", settings.secretsKeyFile());
        builder.redirectErrorStream(true);
        builder.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile(jobId).toFile()));
        // Nothing is ever written to the worker; a pipe would tie it to the portal.
        builder.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
        return builder;
    }

    /**
     * Starts a worker for the job unless this launcher started one less than {@link #RESTART_GRACE}
     * before {@code now}.
     *
     * @return whether a worker was started
     * @throws IOException when the process cannot be started (no such java binary, logs not writable)
     */
    public boolean launchIfDue(long jobId, Instant now) throws IOException {
        lastStarts.values().removeIf(started -> !started.plus(RESTART_GRACE).isAfter(now));
        if (lastStarts.containsKey(jobId)) {
            return false;
        }
        Files.createDirectories(settings.logsDir());
        processFor(jobId).start();
        lastStarts.put(jobId, now);
        return true;
    }
}
