package ai.enclave.installer;

import ai.enclave.installer.os.Secrets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The layout of the data directory, the one place an installation keeps state:
 *
 * <pre>
 * enclave.conf              optional settings (see installer/README.md)
 * initial-admin-password    the first admin's temporary password (mode 600)
 * secrets/                  generated passwords and the client secret (mode 700, root's)
 * logs/&lt;service&gt;.log        each service's output
 * run/&lt;service&gt;.pid         each running service's process id
 * runtime/                  binaries staged for the services (PostgreSQL, Keycloak, Payara Micro, portal.war,
 *                           worker/ with the worker jar and its libraries)
 * artifacts/                what workers write: tokenizers, dataset snapshots, training runs and their weights
 * postgres/cluster          the embedded PostgreSQL cluster
 * keycloak/, portal/        per-service state and configuration
 * portal/secrets.key        the key source secrets are encrypted with (mode 600, the service user's)
 * </pre>
 */
public record DataDir(Path root) {

    /** Creates the top-level directories; the root stays traversable so the service user can reach its parts. */
    public void create() {
        try {
            for (String dir : new String[] {"logs", "run", "runtime", "keycloak", "portal", "postgres", "artifacts"}) {
                Files.createDirectories(root.resolve(dir));
            }
            Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwx--x--x"));
            Files.createDirectories(secretsDir());
            Files.setPosixFilePermissions(secretsDir(), PosixFilePermissions.fromString("rwx------"));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the data directory " + root + ": " + e.getMessage(), e);
        }
    }

    public Path log(String service) {
        return root.resolve("logs").resolve(service + ".log");
    }

    public Path pidFile(String service) {
        return root.resolve("run").resolve(service + ".pid");
    }

    public Path runtime(String name) {
        return root.resolve("runtime").resolve(name);
    }

    /** Tokenizers, snapshots, runs: written by the workers, which run as the service user. */
    public Path artifacts() {
        return root.resolve("artifacts");
    }

    public Path serviceDir(String service) {
        return root.resolve(service);
    }

    public Path initialAdminPasswordFile() {
        return root.resolve("initial-admin-password");
    }

    /**
     * The key the portal encrypts source secrets with (a database password, a git token) and workers
     * decrypt them with: 32 random bytes, base64, one line (the format security's SecretCipher reads).
     */
    public Path secretsKeyFile() {
        return serviceDir("portal").resolve("secrets.key");
    }

    /**
     * Creates {@link #secretsKeyFile()} (mode 600) when it is missing, and never rewrites it: a new key
     * would make every stored secret unreadable. Only start calls this.
     */
    public Path createSecretsKeyOnce() {
        Path file = secretsKeyFile();
        if (!Files.exists(file)) {
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            Secrets.writePrivate(file, Base64.getEncoder().encodeToString(key) + "\n");
        }
        return file;
    }

    /** The password of the embedded database's role that owns {@code database} (role and database share a name). */
    public String databasePassword(String database) {
        return secret("postgres-" + database + "-password");
    }

    /** The secret of the Keycloak client enclave-portal, known to Keycloak's realm and to the portal. */
    public String portalClientSecret() {
        return secret("keycloak-client-secret");
    }

    /**
     * A generated secret, created on first use and the same on every later start. Only start calls
     * this (through the services), so status and stop never write into a data directory.
     */
    public String secret(String name) {
        return Secrets.readOrCreate(secretsDir().resolve(name));
    }

    private Path secretsDir() {
        return root.resolve("secrets");
    }
}
