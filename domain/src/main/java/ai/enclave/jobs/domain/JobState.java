/*
 * Where a job is in its life: queued, running (under a worker's lease), or one of the three final
 * states. The database stores the lower-case name (the jobs_state_known check).
 */
package ai.enclave.jobs.domain;

import java.util.Locale;

public enum JobState {
    QUEUED,
    RUNNING,
    SUCCEEDED,
    FAILED,
    CANCELLED;

    /** The value of the jobs.state column. */
    public String dbName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** A final job never runs again and has its finished_at set. */
    public boolean isFinal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }

    /** @throws IllegalArgumentException for a value the schema does not allow */
    public static JobState fromDb(String value) {
        for (JobState state : values()) {
            if (state.dbName().equals(value)) {
                return state;
            }
        }
        throw new IllegalArgumentException("unknown job state: " + value);
    }
}
