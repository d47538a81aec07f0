/*
 * What a job does: prepare a dataset snapshot, train a model, or serve one. The database stores the
 * lower-case name (the jobs_kind_known check); the spec JSON of each kind is in worker/README.md.
 */
package ai.enclave.jobs.domain;

import java.util.Locale;

public enum JobKind {
    PREPARE,
    TRAIN,
    SERVE;

    /** The value of the jobs.kind column. */
    public String dbName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException for a value the schema does not allow */
    public static JobKind fromDb(String value) {
        for (JobKind kind : values()) {
            if (kind.dbName().equals(value)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown job kind: " + value);
    }
}
