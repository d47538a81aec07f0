package ai.enclave.installer;

import java.time.Duration;
import java.util.Optional;

/** One embedded service the launcher starts as its own detached process. External services have none. */
public interface Service {

    /** Short name used for the log file, the pid file and {@code enclave logs <name>}. */
    String name();

    /** Fails naming the port and the setting that changes it when a port this service needs is taken. */
    void checkPortsFree();

    /** Starts the service and returns once it is ready, or fails naming the log to read. */
    void start(Duration timeout);

    boolean isRunning();

    Optional<Long> pid();

    /** Stops the service and waits until its processes are gone. */
    void stop();

    /** Where it listens, for status: e.g. http://localhost:8180 or 127.0.0.1:15432. */
    String address();
}
