/*
 * One test database: JDBC access, the production migrator, and the production persistence unit
 * "enclave" bootstrapped resource-local (outside a container there is no JTA and no JNDI), with
 * Hibernate validating the entities against the migrated schema. Not for production use.
 */
package ai.enclave.testsupport;

import ai.enclave.database.DatabaseMigrator;
import ai.enclave.database.EnclaveDatabase;
import ai.enclave.database.MigrationOutcome;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Persistence;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

public record TestDatabase(String jdbcUrl, String user, String password) {

    public DataSource dataSource() {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(jdbcUrl);
        dataSource.setUser(user);
        dataSource.setPassword(password);
        return dataSource;
    }

    public Connection connect() throws SQLException {
        return dataSource().getConnection();
    }

    public MigrationOutcome migrate() {
        return new DatabaseMigrator(dataSource()).migrate();
    }

    /** The "enclave" unit from META-INF/persistence.xml with its JTA settings swapped for local ones. */
    public EntityManagerFactory entityManagerFactory() {
        DataSource dataSource = dataSource();
        return Persistence.createEntityManagerFactory(
                EnclaveDatabase.PERSISTENCE_UNIT,
                Map.of(
                        "jakarta.persistence.transactionType",
                        "RESOURCE_LOCAL",
                        // Both data source settings: the one from persistence.xml is a JNDI name.
                        "jakarta.persistence.jtaDataSource",
                        dataSource,
                        "jakarta.persistence.nonJtaDataSource",
                        dataSource,
                        "hibernate.transaction.jta.platform",
                        "org.hibernate.engine.transaction.jta.platform.internal.NoJtaPlatform",
                        // Fails the bootstrap when an entity and the Flyway scripts disagree.
                        "hibernate.hbm2ddl.auto",
                        "validate"));
    }
}
