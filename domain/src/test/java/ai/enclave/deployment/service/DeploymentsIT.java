/*
 * Deployments against a real PostgreSQL 18: deploying queues a serve job naming the model directory
 * and the deployment; a model whose files were removed is refused naming the path, leaving no row;
 * a name belongs to one running deployment and is freed by stopping it; the endpoint is known only
 * while the worker reports ready under a live lease.
 */
package ai.enclave.deployment.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.enclave.common.Json;
import ai.enclave.common.NameTakenException;
import ai.enclave.deployment.domain.Deployment;
import ai.enclave.jobs.domain.JobKind;
import ai.enclave.models.domain.ModelVersion;
import ai.enclave.models.service.ModelRegistry;
import ai.enclave.testsupport.MigratedDatabase;
import ai.enclave.testsupport.WorkerWrites;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class DeploymentsIT {

    @RegisterExtension
    static final MigratedDatabase database = new MigratedDatabase();

    @TempDir
    static Path artifacts;

    @Test
    void deploying_queues_a_serve_job_naming_the_model_and_the_deployment() throws IOException {
        ModelVersion model = modelWithFiles("helper");

        Deployment deployment = deployments(d -> d.deploy(model.getId(), "helper-chat", "sub-ml"));

        assertThat(deployment.getJob().getKind()).isEqualTo(JobKind.SERVE);
        ObjectNode spec = Json.object(deployment.getJob().getSpec(), "spec");
        assertThat(spec.path("modelDir").asText()).isEqualTo(model.getDirectory());
        assertThat(spec.path("deploymentId").asLong()).isEqualTo(deployment.getId());
        assertThat(deployments(Deployments::live))
                .extracting(Deployment::getName)
                .contains("helper-chat");
    }

    @Test
    void a_model_whose_files_were_removed_is_refused_naming_the_path() throws IOException {
        ModelVersion model = modelWithFiles("gone");
        Path weights = Path.of(model.getDirectory(), "model.safetensors");
        Files.delete(weights);
        long before = WorkerWrites.count(database, "deployments");
        long jobsBefore = WorkerWrites.count(database, "jobs");

        assertThatThrownBy(() -> deployments(d -> d.deploy(model.getId(), "gone-chat", "sub-ml")))
                .isInstanceOf(DeploymentRefusedException.class)
                .hasMessage("gone v1 cannot be deployed: " + weights + " is missing");
        assertThat(WorkerWrites.count(database, "deployments")).isEqualTo(before);
        assertThat(WorkerWrites.count(database, "jobs")).isEqualTo(jobsBefore);
    }

    @Test
    void a_name_belongs_to_one_running_deployment_until_it_is_stopped() throws IOException {
        ModelVersion model = modelWithFiles("legal");
        Deployment first = deployments(d -> d.deploy(model.getId(), "Legal", "sub-ml"));

        assertThatThrownBy(() -> deployments(d -> d.deploy(model.getId(), "legal", "sub-ml")))
                .isInstanceOf(NameTakenException.class)
                .hasMessage("a running deployment named \"legal\" already exists");

        database.inTransaction(em -> {
            new Deployments(em, Clock.systemUTC()).stop(first.getId(), "sub-ml");
            return null;
        });
        Deployment second = deployments(d -> d.deploy(model.getId(), "legal", "sub-ml"));

        List<Long> live =
                deployments(Deployments::live).stream().map(Deployment::getId).toList();
        assertThat(live).contains(second.getId()).doesNotContain(first.getId());
        Deployment stopped = deployments(d -> d.find(first.getId()).orElseThrow());
        assertThat(stopped.getStoppedAt()).isNotNull();
        assertThat(stopped.getJob().getState().isFinal()).isTrue();
    }

    @Test
    void the_name_of_a_deployment_whose_worker_failed_can_be_used_again() throws IOException {
        ModelVersion model = modelWithFiles("crashy");
        Deployment crashed = deployments(d -> d.deploy(model.getId(), "crashy", "sub-ml"));
        WorkerWrites.fail(database, crashed.getJob().getId(), "out of memory");

        Deployment again = deployments(d -> d.deploy(model.getId(), "crashy", "sub-ml"));

        assertThat(again.getId()).isNotEqualTo(crashed.getId());
        Deployment before = deployments(d -> d.find(crashed.getId()).orElseThrow());
        assertThat(before.getStoppedAt()).isNotNull();
    }

    @Test
    void the_endpoint_is_known_once_the_worker_reports_ready() throws IOException {
        ModelVersion model = modelWithFiles("faq");
        Deployment deployment = deployments(d -> d.deploy(model.getId(), "faq", "sub-ml"));
        long id = deployment.getId();

        Optional<URI> queued = deployments(d -> d.endpoint(id));
        WorkerWrites.running(database, deployment.getJob().getId(), "{\"status\": \"loading\"}");
        Optional<URI> loading = deployments(d -> d.endpoint(id));
        WorkerWrites.running(database, deployment.getJob().getId(), "{\"status\": \"ready\", \"port\": 40123}");
        Optional<URI> ready = deployments(d -> d.endpoint(id));

        assertThat(queued).isEmpty();
        assertThat(loading).isEmpty();
        assertThat(ready).contains(URI.create("http://127.0.0.1:40123"));
    }

    private static ModelVersion modelWithFiles(String name) throws IOException {
        Path dir = Files.createTempDirectory(artifacts, name);
        Files.writeString(dir.resolve("config.json"), "{\"model_type\": \"mpt\"}");
        Files.write(
                dir.resolve("model.safetensors"),
                new byte[] {8, 0, 0, 0, 0, 0, 0, 0, '{', '}', ' ', ' ', ' ', ' ', ' ', ' '});
        return database.inTransaction(em -> new ModelRegistry(em, Clock.systemUTC())
                .register(name, dir.toString(), "{\"model_type\": \"mpt\"}", 1000, "[]", "{}", null, null, "sub-ml"));
    }

    private static <T> T deployments(Function<Deployments, T> work) {
        return database.inTransaction(em -> work.apply(new Deployments(em, Clock.systemUTC())));
    }
}
