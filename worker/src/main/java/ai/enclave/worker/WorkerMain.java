/*
 * The worker process: `WorkerMain --job ID` claims that one job from the queue, runs it with the class
 * for its kind while a heartbeat holds the lease, writes the result or the failure, and exits. The
 * portal's WorkerSupervisor starts it; a worker that finds the job held by a live lease, finished or
 * gone exits 0 with one log line. Settings come from the environment (ENCLAVE_DB_URL,
 * ENCLAVE_DB_USER, ENCLAVE_DB_PASSWORD, ENCLAVE_ARTIFACTS). No scheduling and no retries of its
 * own: a dead worker's lease runs out and the supervisor starts another, which resumes the job.
 */
package ai.enclave.worker;

import ai.enclave.jobs.domain.JobKind;
import ai.enclave.jobs.service.JobQueue;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

public final class WorkerMain {

    /**
     * Claims after which a job is failed instead of run again: a job that kills its worker every time
     * (out of memory, a crash in native code) must not be restarted forever.
     */
    static final int MAX_ATTEMPTS = 5;

    private static final String USAGE = "usage: WorkerMain --job ID";
    private static final ObjectMapper JSON = new ObjectMapper();

    private WorkerMain() {}

    public static void main(String[] args) {
        Locale.setDefault(Locale.ROOT);
        if (args.length != 2 || !args[0].equals("--job") || !args[1].matches("\\d{1,18}")) {
            System.err.println(USAGE);
            System.exit(2);
        }
        long jobId = Long.parseLong(args[1]);
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(requiredEnv("ENCLAVE_DB_URL"));
        dataSource.setUser(requiredEnv("ENCLAVE_DB_USER"));
        dataSource.setPassword(requiredEnv("ENCLAVE_DB_PASSWORD"));
        Path artifacts = Path.of(requiredEnv("ENCLAVE_ARTIFACTS"));
        System.exit(run(jobId, dataSource, artifacts, Clock.systemUTC()));
    }

    /**
     * Claims and runs one job; returns the exit code (0 when the job succeeded, was cancelled or was
     * not ours to run, 1 when it failed).
     */
    public static int run(long jobId, DataSource dataSource, Path artifacts, Clock clock) {
        JobQueue queue = new JobQueue(dataSource, clock, workerName());
        Optional<JobQueue.ClaimedJob> claimed;
        try {
            claimed = queue.claim(jobId);
        } catch (IllegalStateException e) {
            // e.g. the database is down: the supervisor starts another worker once it is back
            log(jobId, e.getMessage());
            return 1;
        }
        if (claimed.isEmpty()) {
            log(jobId, "not claimed: another worker holds it, it is finished, or it does not exist");
            return 0;
        }
        JobQueue.ClaimedJob job = claimed.get();
        if (job.attempts() > MAX_ATTEMPTS) {
            queue.fail(jobId, "gave up after " + MAX_ATTEMPTS + " attempts: the worker died each time (see its log)");
            log(jobId, "failed: too many attempts");
            return 1;
        }
        log(jobId, "claimed by " + workerName() + ": " + job.kind().dbName() + ", attempt " + job.attempts());
        try (JobContext context = new JobContext(queue, jobId, artifacts)) {
            Outcome outcome = runner(job.kind()).run(JSON.readTree(job.specJson()), context);
            context.flush();
            switch (outcome) {
                case Outcome.Succeeded succeeded -> {
                    queue.succeed(jobId, succeeded.result().toString());
                    log(jobId, "succeeded: " + clipped(succeeded.result().toString()));
                }
                case Outcome.Cancelled cancelled -> {
                    queue.cancelled(jobId);
                    log(jobId, "cancelled");
                }
            }
            return 0;
        } catch (Exception | OutOfMemoryError e) {
            e.printStackTrace();
            queue.fail(jobId, message(e));
            log(jobId, "failed: " + message(e));
            return 1;
        }
    }

    private static JobRun runner(JobKind kind) {
        return switch (kind) {
            case PREPARE -> new PrepareJob();
            case TRAIN -> new TrainingJob();
            case SERVE -> new ServingJob();
        };
    }

    /** What the job's page shows: the message alone when there is one, else the exception's name. */
    private static String message(Throwable e) {
        if (e instanceof OutOfMemoryError) {
            return "out of memory (" + e.getMessage() + "); use a smaller batch, context or model";
        }
        return e.getMessage() == null || e.getMessage().isBlank() ? e.toString() : e.getMessage();
    }

    /** A result for the log: its start (the page shows all of it). */
    private static String clipped(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "…";
    }

    static void log(long jobId, String message) {
        System.out.println(Instant.now() + " job " + jobId + ": " + message);
        System.out.flush();
    }

    private static String workerName() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown-host";
        }
        return host + ":" + ProcessHandle.current().pid();
    }

    private static String requiredEnv(String name) {
        String value = System.getenv(name);
        if (value == null || value.isBlank()) {
            System.err.println("error: environment variable " + name + " is not set");
            System.exit(2);
        }
        return value;
    }
}
