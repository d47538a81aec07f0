/*
 * What a worker process writes to a job row (progress with a live lease, success with a result, a
 * failure), done through the workers' own JobQueue, so service tests move a job along exactly as a
 * worker would without starting one. Not for production use.
 */
package ai.enclave.testsupport;

import ai.enclave.jobs.service.JobQueue;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;

public final class WorkerWrites {

    private static final String WORKER = "test:1";

    private WorkerWrites() {}

    /** The job ran and succeeded with {@code resultJson}. */
    public static void succeed(MigratedDatabase database, long jobId, String resultJson) {
        held(database, jobId).succeed(jobId, resultJson);
    }

    /** A worker holds the job (lease live) and reported {@code progressJson}. */
    public static void running(MigratedDatabase database, long jobId, String progressJson) {
        held(database, jobId).heartbeat(jobId, progressJson);
    }

    /** The job failed (e.g. a serving worker crashed for good). */
    public static void fail(MigratedDatabase database, long jobId, String error) {
        held(database, jobId).fail(jobId, error);
    }

    /** The number of rows in {@code table}. */
    public static long count(MigratedDatabase database, String table) {
        try (Connection c = database.connect();
                var rs = c.createStatement().executeQuery("select count(*) from " + table)) {
            rs.next();
            return rs.getLong(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The test worker's queue, after claiming the job (a job it holds already stays its own). */
    private static JobQueue held(MigratedDatabase database, long jobId) {
        JobQueue queue = new JobQueue(database.dataSource(), Clock.systemUTC(), WORKER);
        queue.claim(jobId);
        return queue;
    }
}
