/*
 * The persistence unit "enclave" outside a container (command-line tools such as the demo, and the
 * integration tests): resource-local transactions on a given DataSource instead of the portal's JTA
 * data source from JNDI, which only exists inside Payara. Hibernate validates the entities against
 * the migrated schema, so a mismatch stops the tool at once instead of failing mid-way.
 */
package ai.enclave.database;

import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.Persistence;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import javax.sql.DataSource;

public final class StandalonePersistence {

    private StandalonePersistence() {}

    /** The "enclave" unit from META-INF/persistence.xml with its JTA settings swapped for local ones. */
    public static EntityManagerFactory open(DataSource dataSource) {
        Objects.requireNonNull(dataSource, "dataSource is null");
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
                        "hibernate.hbm2ddl.auto",
                        "validate"));
    }

    /** Runs {@code work} in one transaction on a new EntityManager, committing unless it throws. */
    public static <T> T inTransaction(EntityManagerFactory factory, Function<EntityManager, T> work) {
        try (EntityManager entityManager = factory.createEntityManager()) {
            entityManager.getTransaction().begin();
            try {
                T result = work.apply(entityManager);
                entityManager.getTransaction().commit();
                return result;
            } finally {
                if (entityManager.getTransaction().isActive()) {
                    entityManager.getTransaction().rollback();
                }
            }
        }
    }
}
