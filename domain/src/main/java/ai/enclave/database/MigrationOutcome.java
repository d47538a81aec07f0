/*
 * What one run of the DatabaseMigrator did: how many scripts it applied and the schema version before
 * and after. A value for logs and the startup banner, nothing more.
 */
package ai.enclave.database;

/**
 * @param migrationsApplied scripts applied by this run; 0 when the database was already current
 * @param versionBefore the schema version found, or {@code null} for an empty database
 * @param versionAfter the schema version now in place
 */
public record MigrationOutcome(int migrationsApplied, String versionBefore, String versionAfter) {}
