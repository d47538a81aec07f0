/*
 * The model registry: every model version, and registering a new one under the next version number
 * of its name. Training registers the versions its runs produce (through JobOutcomes); importing
 * open models comes later. Files are not checked here: a deployment checks them when it starts.
 */
package ai.enclave.models.service;

import ai.enclave.common.Timestamps;
import ai.enclave.database.EnclaveDatabase;
import ai.enclave.models.domain.ModelVersion;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

@ApplicationScoped
@Transactional
public class ModelRegistry {

    @PersistenceContext(unitName = EnclaveDatabase.PERSISTENCE_UNIT)
    private EntityManager entityManager;

    @Inject
    private Clock clock;

    /** For CDI, which fills the fields above. */
    protected ModelRegistry() {}

    /** For use outside a container (tests, tools): the caller owns the transaction. */
    public ModelRegistry(EntityManager entityManager, Clock clock) {
        this.entityManager = Objects.requireNonNull(entityManager, "entityManager is null");
        this.clock = Objects.requireNonNull(clock, "clock is null");
    }

    /** Every version, by name, newest version first. */
    public List<ModelVersion> versions() {
        return entityManager
                .createQuery("select m from ModelVersion m order by lower(m.name), m.version desc", ModelVersion.class)
                .getResultList();
    }

    public Optional<ModelVersion> find(long id) {
        return Optional.ofNullable(entityManager.find(ModelVersion.class, id));
    }

    /**
     * Registers a version of {@code name} numbered one above its newest (1 for a new name). Two
     * simultaneous registrations of one name collide on the (name, version) key and one rolls back.
     *
     * @param snapshotIdsJson a JSON array of the content ids of the snapshots it was trained on
     * @param trainingRunId the run that produced it, or {@code null}
     */
    public ModelVersion register(
            String name,
            String directory,
            String configJson,
            long parameters,
            String snapshotIdsJson,
            String hyperparametersJson,
            Double evalLoss,
            Long trainingRunId,
            String createdBy) {
        Integer newest = entityManager
                .createQuery("select max(m.version) from ModelVersion m where m.name = :name", Integer.class)
                .setParameter("name", name)
                .getSingleResult();
        ModelVersion version = new ModelVersion(
                name,
                newest == null ? 1 : newest + 1,
                directory,
                configJson,
                parameters,
                snapshotIdsJson,
                hyperparametersJson,
                evalLoss,
                trainingRunId,
                createdBy,
                Timestamps.now(clock));
        entityManager.persist(version);
        return version;
    }
}
