/*
 * How an audited action ended. Stored by name in audit_events.outcome (a check constraint lists the
 * same three names).
 */
package ai.enclave.audit.domain;

public enum AuditOutcome {
    /** The action was allowed and done. */
    SUCCESS,
    /** A permission check refused the action. */
    DENIED,
    /** The action was allowed but failed. */
    FAILURE
}
