package ai.enclave.installer.os;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The unprivileged OS user every service runs as when Enclave is started by root (PostgreSQL refuses
 * root outright, and the other services have no reason to hold it). When the launcher is not root,
 * services simply run as the current user and every method here is a no-op.
 *
 * <p>Not a user manager: it creates one system account and changes ownership only of directories
 * handed to it.
 */
public final class ServiceUser {

    public static final String NAME = "enclave";

    private final boolean root;

    private ServiceUser(boolean root) {
        this.root = root;
    }

    /** Decides from the effective user whether services must be switched to {@link #NAME}. */
    public static ServiceUser forCurrentProcess() {
        return new ServiceUser("root".equals(System.getProperty("user.name")) || currentUid() == 0);
    }

    public boolean switchesUser() {
        return root;
    }

    /** Creates the system user when running as root and it does not exist yet. */
    public void ensureExists() {
        if (!root || Commands.run(List.of("id", "-u", NAME)).exitCode() == 0) {
            return;
        }
        Commands.runOrFail(List.of(
                "useradd", "--system", "--user-group", "--no-create-home", "--shell", "/usr/sbin/nologin", NAME));
    }

    /** The command as the service user will run it: prefixed with setpriv when we are root. */
    public List<String> wrap(List<String> command) {
        if (!root) {
            return command;
        }
        List<String> wrapped =
                new ArrayList<>(List.of("setpriv", "--reuid", NAME, "--regid", NAME, "--init-groups", "--"));
        wrapped.addAll(command);
        return wrapped;
    }

    /** Gives a directory (recursively) or file to the service user so the service can write it. */
    public void handOver(Path path) {
        if (root) {
            Commands.runOrFail(List.of("chown", "-R", NAME + ":" + NAME, path.toString()));
        }
    }

    /**
     * Fails with a message naming the directory and the fix when the service user cannot reach
     * {@code path}: every parent directory must be traversable by "others" (the service user owns
     * none of them).
     */
    public void checkReachable(Path path) {
        if (!root) {
            return;
        }
        Path absolute = path.toAbsolutePath().normalize();
        for (Path dir = absolute.getParent(); dir != null; dir = dir.getParent()) {
            try {
                Set<PosixFilePermission> permissions = Files.getPosixFilePermissions(dir);
                if (!permissions.contains(PosixFilePermission.OTHERS_EXECUTE)) {
                    throw new IllegalStateException("The service user '" + NAME + "' cannot reach " + absolute
                            + " because " + dir + " is not traversable by other users. Fix: chmod o+x " + dir
                            + ", or choose another data directory with ENCLAVE_DATA.");
                }
            } catch (IOException e) {
                throw new IllegalStateException("Cannot read the permissions of " + dir + ": " + e.getMessage(), e);
            }
        }
    }

    private static long currentUid() {
        try {
            return ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).longValue();
        } catch (IOException | UnsupportedOperationException e) {
            return -1;
        }
    }
}
