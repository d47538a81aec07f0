/*
 * The worker's side of the job queue, in plain JDBC (a worker process has no container, no JPA): claim
 * one job under a lease, renew the lease with each heartbeat while storing progress, record metrics,
 * and write how the job ended. Every write after the claim is guarded by "this worker still holds the
 * job", so a worker whose lease ran out and was taken over cannot overwrite its successor's work.
 * Time comes from the given Clock (not the database's now()) so the portal and the tests agree on it.
 */
package ai.enclave.jobs.service;

import ai.enclave.jobs.domain.Job;
import ai.enclave.jobs.domain.JobKind;
import ai.enclave.jobs.domain.JobState;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import javax.sql.DataSource;

public final class JobQueue {

    /** How long a claim or heartbeat holds the job; workers heartbeat well within it (every 2 s). */
    public static final Duration LEASE = Duration.ofSeconds(15);

    private final DataSource dataSource;
    private final Clock clock;
    private final String workerName;

    /** @param workerName who holds the lease, "host:pid" for a worker process */
    public JobQueue(DataSource dataSource, Clock clock, String workerName) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource is null");
        this.clock = Objects.requireNonNull(clock, "clock is null");
        this.workerName = Objects.requireNonNull(workerName, "workerName is null");
    }

    /** A job this worker now holds; {@code attempts} counts this claim (1 for a first run). */
    public record ClaimedJob(long id, JobKind kind, String specJson, int attempts) {}

    /**
     * Claims the job for this worker: running, attempts + 1, a fresh lease, started_at set on the first
     * claim. Empty when another transaction holds the row right now (skip locked), when the job is
     * gone or final, or when a live lease belongs to another worker. A job whose cancellation was asked
     * while no worker held it is marked cancelled here instead of being run.
     */
    public Optional<ClaimedJob> claim(long jobId) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                Optional<ClaimedJob> claimed = claim(connection, jobId);
                connection.commit();
                return claimed;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not claim job " + jobId + ": " + e.getMessage(), e);
        }
    }

    private Optional<ClaimedJob> claim(Connection connection, long jobId) throws SQLException {
        Instant now = now();
        JobState state;
        boolean cancelRequested;
        Instant leaseExpiresAt;
        JobKind kind;
        String spec;
        int attempts;
        try (PreparedStatement select = connection.prepareStatement("""
                select state, cancel_requested, lease_expires_at, kind, spec::text, attempts
                from jobs where id = ? for update skip locked
                """)) {
            select.setLong(1, jobId);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                state = JobState.fromDb(row.getString(1));
                cancelRequested = row.getBoolean(2);
                OffsetDateTime lease = row.getObject(3, OffsetDateTime.class);
                leaseExpiresAt = lease == null ? null : lease.toInstant();
                kind = JobKind.fromDb(row.getString(4));
                spec = row.getString(5);
                attempts = row.getInt(6);
            }
        }
        boolean leaseLive = state == JobState.RUNNING && leaseExpiresAt != null && leaseExpiresAt.isAfter(now);
        if (state.isFinal() || leaseLive) {
            return Optional.empty();
        }
        if (cancelRequested) {
            update(connection, """
                    update jobs set state = 'cancelled', finished_at = ?, lease_expires_at = null where id = ?
                    """, timestamp(now), jobId);
            return Optional.empty();
        }
        update(connection, """
                update jobs set state = 'running', attempts = attempts + 1, worker = ?,
                    lease_expires_at = ?, heartbeat_at = ?, started_at = coalesce(started_at, ?)
                where id = ?
                """, workerName, timestamp(now.plus(LEASE)), timestamp(now), timestamp(now), jobId);
        return Optional.of(new ClaimedJob(jobId, kind, spec, attempts + 1));
    }

    /**
     * Renews this worker's lease and stores {@code progressJson} (null keeps the last progress).
     *
     * @return whether the job should stop: cancellation was asked, or this worker no longer holds it
     *     (its lease ran out and another worker took the job, or it was cancelled meanwhile)
     */
    public boolean heartbeat(long jobId, String progressJson) {
        Instant now = now();
        try (Connection connection = dataSource.getConnection();
                PreparedStatement update = connection.prepareStatement("""
                        update jobs set lease_expires_at = ?, heartbeat_at = ?,
                            progress = coalesce(?::jsonb, progress)
                        where id = ? and state = 'running' and worker = ?
                        returning cancel_requested
                        """)) {
            update.setObject(1, timestamp(now.plus(LEASE)));
            update.setObject(2, timestamp(now));
            update.setString(3, progressJson);
            update.setLong(4, jobId);
            update.setString(5, workerName);
            try (ResultSet row = update.executeQuery()) {
                return !row.next() || row.getBoolean(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not heartbeat job " + jobId + ": " + e.getMessage(), e);
        }
    }

    /** Stores one value per name at {@code step}, replacing what an earlier attempt wrote there. */
    public void recordMetrics(long jobId, int step, Map<String, Double> values) {
        if (values.isEmpty()) {
            return;
        }
        try (Connection connection = dataSource.getConnection();
                PreparedStatement upsert = connection.prepareStatement("""
                        insert into job_metrics (job_id, name, step, value, recorded_at) values (?, ?, ?, ?, ?)
                        on conflict (job_id, name, step)
                        do update set value = excluded.value, recorded_at = excluded.recorded_at
                        """)) {
            OffsetDateTime now = timestamp(now());
            for (Map.Entry<String, Double> value : values.entrySet()) {
                upsert.setLong(1, jobId);
                upsert.setString(2, value.getKey());
                upsert.setInt(3, step);
                upsert.setDouble(4, value.getValue());
                upsert.setObject(5, now);
                upsert.addBatch();
            }
            upsert.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException("could not record metrics of job " + jobId + ": " + e.getMessage(), e);
        }
    }

    /**
     * The value of {@code name} at the job's first (or last) recorded step, also from earlier attempts:
     * a resumed worker reads back what its predecessor saw (e.g. the first eval loss).
     */
    public OptionalDouble metric(long jobId, String name, boolean first) {
        String sql = "select value from job_metrics where job_id = ? and name = ? order by step "
                + (first ? "asc" : "desc") + " limit 1";
        try (Connection connection = dataSource.getConnection();
                PreparedStatement select = connection.prepareStatement(sql)) {
            select.setLong(1, jobId);
            select.setString(2, name);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? OptionalDouble.of(row.getDouble(1)) : OptionalDouble.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "could not read metric " + name + " of job " + jobId + ": " + e.getMessage(), e);
        }
    }

    public void succeed(long jobId, String resultJson) {
        finish(jobId, JobState.SUCCEEDED, Objects.requireNonNull(resultJson, "resultJson is null"), null);
    }

    /** Marks the job failed with {@code error}, cut to the column's 4000 characters. */
    public void fail(long jobId, String error) {
        String message = error == null || error.isBlank() ? "failed without a message" : error;
        if (message.length() > Job.ERROR_LENGTH) {
            message = message.substring(0, Job.ERROR_LENGTH - 1) + "…";
        }
        finish(jobId, JobState.FAILED, null, message);
    }

    /** Marks the job cancelled, after the worker stopped because cancellation was asked. */
    public void cancelled(long jobId) {
        finish(jobId, JobState.CANCELLED, null, null);
    }

    private void finish(long jobId, JobState state, String resultJson, String error) {
        try (Connection connection = dataSource.getConnection()) {
            update(connection, """
                    update jobs set state = ?, result = ?::jsonb, error = ?, finished_at = ?,
                        lease_expires_at = null
                    where id = ? and state = 'running' and worker = ?
                    """, state.dbName(), resultJson, error, timestamp(now()), jobId, workerName);
        } catch (SQLException e) {
            throw new IllegalStateException(
                    "could not mark job " + jobId + " " + state.dbName() + ": " + e.getMessage(), e);
        }
    }

    private static int update(Connection connection, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            return statement.executeUpdate();
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static OffsetDateTime timestamp(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
