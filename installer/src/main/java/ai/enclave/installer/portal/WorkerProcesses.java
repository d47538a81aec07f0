package ai.enclave.installer.portal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

/**
 * The worker processes of one installation, found by their command line naming the installation's
 * staged worker jar (the portal starts them in sessions of their own, so that a portal restart leaves
 * training runs and deployments running; stopping the installation has to find them by name).
 * A stopped worker's job is claimed again by a new worker after the next start: training continues
 * from its last checkpoint, a deployment loads its model again.
 */
public final class WorkerProcesses {

    private static final Duration GRACE = Duration.ofSeconds(10);

    private final Path stagedJar;

    public WorkerProcesses(Path stagedJar) {
        this.stagedJar = stagedJar;
    }

    /** The live worker processes of this installation. */
    public List<ProcessHandle> running() {
        try (Stream<ProcessHandle> all = ProcessHandle.allProcesses()) {
            return all.filter(p -> commandLine(p.pid()).contains(stagedJar.toString()))
                    .toList();
        }
    }

    /** SIGTERM to each, up to {@link #GRACE} to exit, then SIGKILL; returns how many there were. */
    public int stop() {
        List<ProcessHandle> workers = running();
        workers.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + GRACE.toNanos();
        for (ProcessHandle worker : workers) {
            while (worker.isAlive() && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            if (worker.isAlive()) {
                worker.destroyForcibly();
            }
        }
        return workers.size();
    }

    /** /proc/PID/cmdline with its NUL separators as spaces; empty for a process we may not read. */
    private static String commandLine(long pid) {
        try {
            return new String(
                            Files.readAllBytes(Path.of("/proc", Long.toString(pid), "cmdline")), StandardCharsets.UTF_8)
                    .replace('\0', ' ');
        } catch (IOException | SecurityException e) {
            return "";
        }
    }
}
