package ai.enclave.deployments.ui;

import static org.assertj.core.api.Assertions.assertThat;

import ai.enclave.deployment.domain.Deployment;
import ai.enclave.jobs.domain.Job;
import ai.enclave.jobs.domain.JobKind;
import ai.enclave.models.domain.ModelVersion;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DeploymentStatusTest {

    private static final Instant NOW = Instant.parse("2026-11-29T10:00:00Z");

    private static Deployment deployment() {
        ModelVersion model =
                new ModelVersion("handbook", 1, "/models/handbook", "{}", 1000, "[]", "{}", 4.2, null, "ml", NOW);
        Job serve = new Job(JobKind.SERVE, "{\"modelDir\":\"/models/handbook\"}", "ml", NOW);
        return new Deployment("handbook", model, serve, "ml", NOW);
    }

    @Test
    void a_deployment_whose_worker_has_not_reported_ready_is_loading() {
        assertThat(DeploymentsView.status(deployment())).isEqualTo("loading");
    }

    @Test
    void a_stopped_deployment_is_stopped_even_before_its_worker_has_ended() {
        Deployment deployment = deployment();

        deployment.stopped(NOW.plusSeconds(60));

        assertThat(DeploymentsView.status(deployment)).isEqualTo("stopped");
    }
}
