package ai.enclave.installer.os;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A long-running service process that outlives the launcher: started through setsid (its own session
 * and process group, so a terminal's Ctrl-C or hang-up does not reach it), stdin from /dev/null,
 * stdout and stderr appended to its log, its pid in a pid file. Stopping signals the whole process
 * group (kc.sh is a shell script whose java child must stop too): SIGTERM, a grace period, then SIGKILL.
 *
 * <p>Not a process supervisor: nothing restarts a service that dies; {@code status} reports it.
 */
public final class DetachedProcess {

    private final String name;
    private final Path pidFile;
    private final Path logFile;

    public DetachedProcess(String name, Path pidFile, Path logFile) {
        this.name = name;
        this.pidFile = pidFile;
        this.logFile = logFile;
    }

    /**
     * Starts {@code command} (already wrapped for the service user) in {@code directory}. The returned
     * Process lets the caller notice an early exit while it waits for readiness.
     */
    public Process start(List<String> command, Path directory, Map<String, String> environment) {
        List<String> detached = new ArrayList<>(List.of("setsid"));
        detached.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(detached)
                .directory(directory.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .redirectErrorStream(true);
        builder.environment().putAll(environment);
        try {
            Files.createDirectories(pidFile.getParent());
            // setsid execs in place (a child of the JVM is never a process-group leader), so this pid
            // is the service's own, and also its process-group id.
            Process process = builder.start();
            Files.writeString(pidFile, process.pid() + " " + startInstant(process.toHandle()) + "\n");
            return process;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + name + ": " + e.getMessage(), e);
        }
    }

    public Optional<Long> pid() {
        if (!Files.exists(pidFile)) {
            return Optional.empty();
        }
        try {
            // The start time guards against a stale pid file whose pid now belongs to someone else.
            String[] fields = Files.readString(pidFile).strip().split(" ");
            return ProcessHandle.of(Long.parseLong(fields[0]))
                    .filter(ProcessHandle::isAlive)
                    .filter(handle -> fields.length < 2 || fields[1].equals(startInstant(handle)))
                    .map(ProcessHandle::pid);
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    public boolean isRunning() {
        return pid().isPresent();
    }

    /** SIGTERM to the process group, wait up to {@code grace}, then SIGKILL; removes the pid file. */
    public void stop(Duration grace) {
        Optional<Long> pid = pid();
        if (pid.isPresent()) {
            signalGroup(pid.get(), "TERM");
            long deadline = System.nanoTime() + grace.toNanos();
            while (isRunning() && System.nanoTime() < deadline) {
                sleep(Duration.ofMillis(250));
            }
            if (isRunning()) {
                signalGroup(pid.get(), "KILL");
                long killDeadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
                while (isRunning()) {
                    if (System.nanoTime() > killDeadline) {
                        throw new IllegalStateException("Cannot stop " + name + " (pid " + pid.get()
                                + "): it ignores SIGKILL or belongs to another user (run as the user who started it)");
                    }
                    sleep(Duration.ofMillis(100));
                }
            }
        }
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot remove " + pidFile, e);
        }
    }

    private static String startInstant(ProcessHandle handle) {
        return handle.info().startInstant().map(Object::toString).orElse("unknown");
    }

    private static void signalGroup(long pid, String signal) {
        Commands.run(List.of("kill", "-" + signal, "--", "-" + pid));
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }
}
