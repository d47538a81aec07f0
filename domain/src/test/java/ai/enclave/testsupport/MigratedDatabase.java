/*
 * A JUnit extension for integration tests of the services: before a test class's first test, a fresh
 * database from RealPostgres, migrated with the production scripts, and an EntityManagerFactory on
 * it; after its last test, the factory closed. Register it on a static field so the class's own
 * @BeforeAll methods (seeding data) already find it ready. Not for production use.
 */
package ai.enclave.testsupport;

import ai.enclave.database.StandalonePersistence;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.Function;
import javax.sql.DataSource;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

public final class MigratedDatabase implements BeforeAllCallback, AfterAllCallback {

    private TestDatabase database;
    private EntityManagerFactory factory;

    @Override
    public void beforeAll(ExtensionContext context) {
        database = RealPostgres.freshDatabase();
        database.migrate();
        factory = database.entityManagerFactory();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        factory.close();
    }

    /** Runs {@code work} in one transaction on a new EntityManager, committing unless it throws. */
    public <T> T inTransaction(Function<EntityManager, T> work) {
        return StandalonePersistence.inTransaction(factory, work);
    }

    /** The database's DataSource, for the JDBC side (the workers' JobQueue). */
    public DataSource dataSource() {
        return database.dataSource();
    }

    /** Plain JDBC, for what the entities cannot express (e.g. statements the schema must refuse). */
    public Connection connect() throws SQLException {
        return database.connect();
    }
}
