package ai.enclave.installer;

import ai.enclave.installer.os.DetachedProcess;
import ai.enclave.installer.os.Readiness;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What every service run as one {@link DetachedProcess} has in common (Keycloak and the portal): the
 * pid file and log named after the service, status and stop read from that pid file, and a start
 * that returns once a health URL answers 200. What to run and how to prepare it stays in the
 * subclass. PostgreSQL is not one: pg_ctl runs and stops its server itself.
 */
public abstract class DetachedService implements Service {

    /** How long a service gets to stop after SIGTERM before its process group gets SIGKILL. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);

    private final String name;
    private final Path log;
    private final DetachedProcess process;

    protected DetachedService(String name, DataDir data) {
        this.name = name;
        this.log = data.log(name);
        this.process = new DetachedProcess(name, data.pidFile(name), log);
    }

    @Override
    public final String name() {
        return name;
    }

    @Override
    public final boolean isRunning() {
        return process.isRunning();
    }

    @Override
    public final Optional<Long> pid() {
        return process.pid();
    }

    @Override
    public final void stop() {
        process.stop(STOP_GRACE);
    }

    /**
     * Starts {@code command} (already wrapped for the service user) and waits until {@code healthUrl}
     * answers 200; fails naming {@code label} and the log when the process exits or the timeout passes.
     */
    protected final void startAndAwaitHttpOk(
            String label,
            List<String> command,
            Path directory,
            Map<String, String> environment,
            String healthUrl,
            Duration timeout) {
        Process started = process.start(command, directory, environment);
        Readiness.awaitHttpOk(label, healthUrl, started, timeout, log);
    }
}
