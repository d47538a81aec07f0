/*
 * Brings the database schema up to the newest Flyway script in the migrations module
 * (classpath:db/migration). The portal runs it once at startup, before anything else touches the
 * database; running it again changes nothing. It never cleans, baselines or repairs: a database whose
 * applied scripts differ from the shipped ones stops the start with Flyway's validation error.
 */
package ai.enclave.database;

import java.util.Objects;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

public final class DatabaseMigrator {

    /** Where the migrations module puts its scripts. */
    public static final String SCRIPT_LOCATION = "classpath:db/migration";

    private final DataSource dataSource;

    public DatabaseMigrator(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource is null");
    }

    /**
     * Applies every pending script in version order, each in its own transaction. Concurrent callers
     * are serialised by Flyway's PostgreSQL advisory lock, so two portals starting together are safe.
     */
    public MigrationOutcome migrate() {
        // Our own class loader, not the thread's: inside Payara the scripts sit in WEB-INF/lib next to
        // this class, whatever thread happens to call us.
        Flyway flyway = Flyway.configure(DatabaseMigrator.class.getClassLoader())
                .dataSource(dataSource)
                .locations(SCRIPT_LOCATION)
                // No scripts found means a broken build, not an empty schema to accept silently.
                .failOnMissingLocations(true)
                .validateMigrationNaming(true)
                .cleanDisabled(true)
                .load();
        MigrateResult result = flyway.migrate();
        // Flyway reports no target version when it applied nothing: the version is then unchanged.
        String versionAfter =
                result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion;
        return new MigrationOutcome(result.migrationsExecuted, result.initialSchemaVersion, versionAfter);
    }
}
