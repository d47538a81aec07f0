/*
 * One test database: JDBC access, the production migrator, and the production persistence unit
 * "enclave" bootstrapped resource-local (outside a container there is no JTA and no JNDI), with
 * Hibernate validating the entities against the migrated schema. Not for production use.
 */
package ai.enclave.testsupport;

import ai.enclave.database.DatabaseMigrator;
import ai.enclave.database.MigrationOutcome;
import ai.enclave.database.StandalonePersistence;
import jakarta.persistence.EntityManagerFactory;
import java.sql.Connection;
import java.sql.SQLException;
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

    /** The "enclave" unit from META-INF/persistence.xml, resource-local on this database. */
    public EntityManagerFactory entityManagerFactory() {
        return StandalonePersistence.open(dataSource());
    }
}
