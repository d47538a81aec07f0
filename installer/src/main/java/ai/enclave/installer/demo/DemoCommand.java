package ai.enclave.installer.demo;

import ai.enclave.installer.Stack;
import ai.enclave.installer.config.Settings.Database;
import ai.enclave.installer.os.ServiceUser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code ./enclave demo}: on a running installation, walks the product's main path for a newcomer
 * (a demo team, a source over the bundled public-domain texts, a snapshot, a tiny model, a
 * deployment, an API key for the first administrator). The launcher prepares what only it knows (the
 * corpus on disk where the service user reads it, the database credentials, the administrator's
 * subject from Keycloak) and runs the walk itself in a JVM on the worker's classpath, which has the
 * domain services; the portal's workers do the work, as they would for a person in the browser.
 */
public final class DemoCommand {

    /** The bundled texts, in this jar's resources. */
    private static final List<String> CORPUS = List.of(
            "constitution-preamble.txt",
            "declaration-of-independence.txt",
            "ecclesiastes-3.txt",
            "emancipation-proclamation.txt",
            "genesis-1.txt",
            "gettysburg-address.txt",
            "psalm-23.txt",
            "second-inaugural-address.txt",
            "shakespeare-sonnets.txt",
            "washington-farewell.txt");

    private static final String MAIN_CLASS = "ai.enclave.worker.demo.Demo";
    private static final String FIRST_ADMIN = "admin";

    private final Stack stack;

    public DemoCommand(Stack stack) {
        this.stack = stack;
    }

    /** Runs the demo with {@code args} passed on; returns its exit code. */
    public int run(List<String> args) {
        if (!stack.portal().isRunning()) {
            throw new IllegalStateException("Enclave is not running; start it first with ./enclave start");
        }
        Path corpus = extractCorpus();
        String owner = stack.keycloak()
                .map(keycloak -> keycloak.subjectOf(FIRST_ADMIN)
                        .orElseThrow(() -> new IllegalStateException(
                                "The realm has no user '" + FIRST_ADMIN + "' to give the API key to")))
                .orElseGet(() -> stack.settings()
                        .optional("ENCLAVE_DEMO_OWNER")
                        .orElseThrow(() -> new IllegalStateException("With an external identity provider, set"
                                + " ENCLAVE_DEMO_OWNER to the OIDC subject of the person who gets the API key")));
        Database database = stack.portalDatabase();
        List<String> command = new ArrayList<>(List.of(
                System.getProperty("java.home") + "/bin/java",
                "-cp",
                stack.portal().workerClasspath(),
                MAIN_CLASS));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
        Map<String, String> environment = builder.environment();
        environment.put("ENCLAVE_DB_URL", database.jdbcUrl());
        environment.put("ENCLAVE_DB_USER", database.user());
        environment.put("ENCLAVE_DB_PASSWORD", database.password());
        environment.put("ENCLAVE_ARTIFACTS", stack.data().artifacts().toString());
        environment.put("ENCLAVE_DEMO_CORPUS", corpus.toString());
        environment.put("ENCLAVE_DEMO_OWNER", owner);
        environment.put("ENCLAVE_DEMO_OWNER_NAME", FIRST_ADMIN);
        environment.put("ENCLAVE_PORTAL_URL", stack.settings().portalUrl());
        try {
            return builder.start().waitFor();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start the demo: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }

    /** Copies the bundled texts to {@code <data>/demo/corpus}, readable by the workers' service user. */
    private Path extractCorpus() {
        Path corpus = stack.data().root().resolve("demo/corpus");
        try {
            Files.createDirectories(corpus);
            for (String name : CORPUS) {
                try (InputStream text = DemoCommand.class.getResourceAsStream("/demo-corpus/" + name)) {
                    if (text == null) {
                        throw new IllegalStateException("The launcher jar lacks demo-corpus/" + name);
                    }
                    Files.copy(text, corpus.resolve(name), StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the demo corpus into " + corpus + ": " + e.getMessage(), e);
        }
        ServiceUser.forCurrentProcess().handOver(stack.data().root().resolve("demo"));
        return corpus;
    }
}
