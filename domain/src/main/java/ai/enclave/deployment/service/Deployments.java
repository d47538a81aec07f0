/*
 * Deployments: serving a model version through a serve job (a worker process that loads the model
 * and answers on a local port until stopped), stopping one, listing them, and where a ready one
 * answers. The worker reports status and port in the job's progress; this service reads them.
 * Permission checks belong to the caller (security module).
 */
package ai.enclave.deployment.service;

import ai.enclave.audit.domain.AuditOutcome;
import ai.enclave.audit.service.AuditLog;
import ai.enclave.common.Json;
import ai.enclave.common.NameTakenException;
import ai.enclave.common.Text;
import ai.enclave.common.Timestamps;
import ai.enclave.database.EnclaveDatabase;
import ai.enclave.deployment.domain.Deployment;
import ai.enclave.jobs.domain.Job;
import ai.enclave.jobs.domain.JobKind;
import ai.enclave.jobs.service.Jobs;
import ai.enclave.models.domain.ModelVersion;
import ai.enclave.models.service.ModelRegistry;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.transaction.Transactional;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;

@ApplicationScoped
@Transactional
public class Deployments {

    /** What a serving worker loads from a model directory; missing either, it could only fail. */
    public static final List<String> REQUIRED_FILES = List.of("config.json", "model.safetensors");

    @PersistenceContext(unitName = EnclaveDatabase.PERSISTENCE_UNIT)
    private EntityManager entityManager;

    @Inject
    private Clock clock;

    @Inject
    private Jobs jobs;

    @Inject
    private ModelRegistry registry;

    @Inject
    private AuditLog audit;

    /** For CDI, which fills the fields above. */
    protected Deployments() {}

    /** For use outside a container (tests, tools): the caller owns the transaction. */
    public Deployments(EntityManager entityManager, Clock clock) {
        this.entityManager = Objects.requireNonNull(entityManager, "entityManager is null");
        this.clock = Objects.requireNonNull(clock, "clock is null");
        this.jobs = new Jobs(entityManager, clock);
        this.registry = new ModelRegistry(entityManager, clock);
        this.audit = new AuditLog(entityManager, clock);
    }

    /**
     * Queues a serve job for the model version and records the deployment, in the caller's transaction.
     * A deployment of the same name whose serve job already ended (it failed) is marked stopped,
     * which frees the name.
     *
     * @throws NoSuchElementException when there is no such model version
     * @throws DeploymentRefusedException naming the missing path when the model's files are gone
     * @throws NameTakenException when a running deployment has that name, ignoring case
     * @throws IllegalArgumentException for a blank or too long name
     */
    public Deployment deploy(long modelVersionId, String name, String by) {
        String trimmed = Text.required(name, Deployment.NAME_LENGTH, "name");
        ModelVersion model = registry.find(modelVersionId)
                .orElseThrow(() -> new NoSuchElementException("no model version with id " + modelVersionId));
        for (String file : REQUIRED_FILES) {
            Path path = Path.of(model.getDirectory(), file);
            if (!Files.isRegularFile(path)) {
                throw new DeploymentRefusedException(model.getLabel() + " cannot be deployed: " + path + " is missing");
            }
        }
        List<Deployment> sameName = entityManager
                .createQuery(
                        "select d from Deployment d where d.stoppedAt is null and lower(d.name) = lower(:name)",
                        Deployment.class)
                .setParameter("name", trimmed)
                .getResultList();
        for (Deployment other : sameName) {
            if (other.isLive()) {
                throw new NameTakenException("running deployment", trimmed);
            }
            other.stopped(other.getJob().getFinishedAt());
        }
        // Hibernate flushes inserts before updates: the freed name must reach the unique index first.
        entityManager.flush();

        Job job = jobs.enqueue(JobKind.SERVE, "{}", by);
        Deployment deployment = new Deployment(trimmed, model, job, by, Timestamps.now(clock));
        entityManager.persist(deployment);
        entityManager.flush();
        // The spec names the deployment, whose id exists only now; the rows are not committed, so no
        // worker has seen the placeholder.
        ObjectNode spec = Json.MAPPER.createObjectNode();
        spec.put("modelDir", model.getDirectory()).put("deploymentId", deployment.getId());
        entityManager
                .createNativeQuery("update jobs set spec = cast(?1 as jsonb) where id = ?2")
                .setParameter(1, Json.text(spec))
                .setParameter(2, job.getId())
                .executeUpdate();
        entityManager.refresh(job);
        return deployment;
    }

    /**
     * Asks the serving worker to stop and frees the name at once. Stopping a stopped deployment
     * changes nothing. Audited as "stop-deployment".
     *
     * @throws NoSuchElementException when there is no such deployment
     */
    public void stop(long deploymentId, String by) {
        Deployment deployment = find(deploymentId)
                .orElseThrow(() -> new NoSuchElementException("no deployment with id " + deploymentId));
        if (deployment.getStoppedAt() != null) {
            return;
        }
        jobs.requestCancel(deployment.getJob().getId());
        deployment.stopped(Timestamps.now(clock));
        audit.record(by, "stop-deployment", "deployment:" + deploymentId, deployment.getName(), AuditOutcome.SUCCESS);
    }

    public Optional<Deployment> find(long id) {
        return Optional.ofNullable(entityManager.find(Deployment.class, id));
    }

    /** All deployments, newest first. */
    public List<Deployment> deployments() {
        return entityManager
                .createQuery("select d from Deployment d order by d.createdAt desc, d.id desc", Deployment.class)
                .getResultList();
    }

    /** Deployments not stopped whose serve job has not ended, by name: what chat and the API offer. */
    public List<Deployment> live() {
        return entityManager.createQuery("""
                        select d from Deployment d
                        where d.stoppedAt is null and d.job.state in ('queued', 'running')
                        order by lower(d.name)
                        """, Deployment.class).getResultList();
    }

    /**
     * Where the serving worker answers: http://127.0.0.1:PORT once it reported ready and while its
     * lease is live (a dead worker's port may belong to someone else by now).
     */
    public Optional<URI> endpoint(long deploymentId) {
        Optional<Deployment> deployment = find(deploymentId);
        if (deployment.isEmpty() || deployment.get().getStoppedAt() != null) {
            return Optional.empty();
        }
        Job job = deployment.get().getJob();
        if (job.getProgress() == null || !job.isLeaseLive(Timestamps.now(clock))) {
            return Optional.empty();
        }
        JsonNode progress = Json.object(job.getProgress(), "progress of job " + job.getId());
        int port = progress.path("port").asInt(0);
        if (!"ready".equals(progress.path("status").asText()) || port <= 0 || port > 65535) {
            return Optional.empty();
        }
        return Optional.of(URI.create("http://127.0.0.1:" + port));
    }
}
