package ai.enclave.installer.portal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WorkerDistributionTest {

    @TempDir
    Path dir;

    @Test
    void staging_copies_the_jar_and_libraries_and_drops_libraries_the_build_no_longer_has() throws Exception {
        Path build = Files.createDirectories(dir.resolve("worker/target"));
        Path jar = Files.writeString(build.resolve("enclave-worker.jar"), "worker v1");
        Files.createDirectories(build.resolve("lib"));
        Files.writeString(build.resolve("lib/engine-1.jar"), "engine");
        WorkerDistribution distribution = new WorkerDistribution(jar, dir.resolve("runtime/worker"));

        distribution.stage();
        Files.delete(build.resolve("lib/engine-1.jar"));
        Files.writeString(build.resolve("lib/engine-2.jar"), "engine, newer");
        Files.writeString(jar, "worker v2, rebuilt");
        distribution.stage();

        Path staged = dir.resolve("runtime/worker");
        assertThat(staged.resolve("enclave-worker.jar")).hasContent("worker v2, rebuilt");
        assertThat(staged.resolve("lib/engine-2.jar")).hasContent("engine, newer");
        assertThat(staged.resolve("lib/engine-1.jar")).doesNotExist();
        assertThat(distribution.classpath()).isEqualTo(staged.resolve("enclave-worker.jar") + ":" + staged + "/lib/*");
    }

    @Test
    void a_worker_that_was_never_built_is_named_with_the_way_to_build_it() {
        WorkerDistribution distribution =
                new WorkerDistribution(dir.resolve("worker/target/enclave-worker.jar"), dir.resolve("staged"));

        assertThatThrownBy(distribution::checkBuilt)
                .hasMessageContaining("worker/target/enclave-worker.jar")
                .hasMessageContaining("./mvnw");
    }
}
