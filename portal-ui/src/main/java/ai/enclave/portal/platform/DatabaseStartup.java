package ai.enclave.portal.platform;

import ai.enclave.database.DatabaseMigrator;
import ai.enclave.database.EnclaveDatabase;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.annotation.sql.DataSourceDefinition;
import jakarta.ejb.Schedule;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Defines the portal's connection pool from the launcher's settings and brings the schema up to
 * date before any page touches it. When the database is down at start the portal still comes up
 * (pages say "database unavailable") and the migration is retried until it succeeds.
 *
 * <p>The pool validates connections before handing them out, so after a database restart stale
 * connections are dropped instead of failing the next page.
 */
@Singleton
@Startup
@DataSourceDefinition(
        name = EnclaveDatabase.DATA_SOURCE,
        className = "org.postgresql.ds.PGSimpleDataSource",
        url = "${MPCONFIG=enclave.db.url}",
        user = "${MPCONFIG=enclave.db.user}",
        password = "${MPCONFIG=enclave.db.password}",
        minPoolSize = 0,
        maxPoolSize = 32,
        loginTimeout = 5,
        properties = {
            "fish.payara.is-connection-validation-required=true",
            "fish.payara.connection-validation-method=custom-validation",
            "fish.payara.validation-classname=org.glassfish.api.jdbc.validation.PostgresConnectionValidation",
            "fish.payara.fail-all-connections=true",
            "connectTimeout=5",
            "socketTimeout=60"
        })
public class DatabaseStartup {

    private static final Logger LOG = Logger.getLogger(DatabaseStartup.class.getName());

    @Resource(lookup = EnclaveDatabase.DATA_SOURCE)
    DataSource dataSource;

    private volatile boolean migrated;

    @PostConstruct
    void migrateAtStart() {
        tryMigrate();
    }

    @Schedule(second = "*/10", minute = "*", hour = "*", persistent = false)
    void retryUntilMigrated() {
        if (!migrated) {
            tryMigrate();
        }
    }

    private void tryMigrate() {
        try {
            var outcome = new DatabaseMigrator(dataSource).migrate();
            LOG.info("database schema is up to date: " + outcome);
            migrated = true;
        } catch (RuntimeException e) {
            if (!DatabaseStatus.isOutage(e)) {
                throw e;
            }
            LOG.warning("database unavailable, schema migration will be retried: " + e.getMessage());
        }
    }
}
