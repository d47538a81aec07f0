/*
 * What a worker process writes to a job row (progress with a live lease, success with a result),
 * done here with plain JDBC so service tests can move a job along without starting a worker. The
 * statements mirror the worker's JobQueue; JobQueueIT tests JobQueue itself. Not for production use.
 */
package ai.enclave.testsupport;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

public final class WorkerWrites {

    private WorkerWrites() {}

    /** The job ran and succeeded with {@code resultJson}. */
    public static void succeed(MigratedDatabase database, long jobId, String resultJson) {
        update(database, """
                update jobs set state = 'succeeded', result = cast(? as jsonb), attempts = 1,
                    started_at = now(), finished_at = now(), lease_expires_at = null
                where id = ?
                """, resultJson, jobId);
    }

    /** A worker holds the job (lease live for a minute) and reported {@code progressJson}. */
    public static void running(MigratedDatabase database, long jobId, String progressJson) {
        update(database, """
                update jobs set state = 'running', progress = cast(? as jsonb), attempts = 1,
                    worker = 'test:1', started_at = now(), heartbeat_at = now(),
                    lease_expires_at = now() + interval '1 minute'
                where id = ?
                """, progressJson, jobId);
    }

    /** The job failed (e.g. a serving worker crashed for good). */
    public static void fail(MigratedDatabase database, long jobId, String error) {
        update(database, """
                update jobs set state = 'failed', error = ?, finished_at = now(), lease_expires_at = null
                where id = ?
                """, error, jobId);
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

    private static void update(MigratedDatabase database, String sql, String text, long jobId) {
        try (Connection c = database.connect();
                PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, text);
            s.setLong(2, jobId);
            if (s.executeUpdate() != 1) {
                throw new IllegalStateException("no job " + jobId);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
