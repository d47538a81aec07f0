package ai.enclave.installer.os;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Runs short-lived commands (useradd, chown, initdb, pg_ctl, kc.sh build) to completion and captures
 * their output. Long-running services are started by {@link DetachedProcess} instead.
 */
public final class Commands {

    public record Result(int exitCode, String output) {}

    private Commands() {}

    public static Result run(List<String> command) {
        return run(command, null, Map.of());
    }

    /** Runs the command in {@code directory} (null: ours) with extra environment variables. */
    public static Result run(List<String> command, Path directory, Map<String, String> environment) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        if (directory != null) {
            builder.directory(directory.toFile());
        }
        builder.environment().putAll(environment);
        try {
            Process process = builder.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return new Result(process.waitFor(), output);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot run " + command.getFirst() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + command.getFirst(), e);
        }
    }

    public static Result runOrFail(List<String> command) {
        return runOrFail(command, null, Map.of());
    }

    public static Result runOrFail(List<String> command, Path directory, Map<String, String> environment) {
        Result result = run(command, directory, environment);
        if (result.exitCode() != 0) {
            throw new IllegalStateException(
                    String.join(" ", command) + " failed (exit " + result.exitCode() + "):\n" + result.output());
        }
        return result;
    }
}
