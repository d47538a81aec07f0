package ai.enclave.installer;

import ai.enclave.installer.config.Settings;
import ai.enclave.installer.demo.DemoCommand;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * The command line behind {@code ./enclave start|stop|status|logs}. Each command reads the settings,
 * builds the {@link Stack} and acts on it; failures print one clear message and exit with 1.
 */
public final class Launcher {

    private static final int LOG_LINES = 200;

    private Launcher() {}

    public static void main(String[] args) {
        System.exit(run(args, System.getenv(), System.out, System.err));
    }

    static int run(String[] args, Map<String, String> environment, PrintStream out, PrintStream err) {
        if (args.length == 0) {
            err.println(usage());
            return 2;
        }
        try {
            Stack stack = new Stack(Settings.load(environment, launcherHome()));
            switch (args[0]) {
                case "start" -> stack.start(out);
                case "stop" -> stack.stop(out);
                case "status" -> printStatus(stack, List.of(args).contains("--json"), out);
                case "logs" -> printLogs(stack, args.length > 1 ? args[1] : null, out);
                case "demo" -> {
                    return new DemoCommand(stack).run(List.of(args).subList(1, args.length));
                }
                default -> {
                    err.println("Unknown command: " + args[0] + "\n" + usage());
                    return 2;
                }
            }
            return 0;
        } catch (IllegalStateException | UncheckedIOException | IllegalArgumentException e) {
            err.println("enclave " + args[0] + ": " + e.getMessage());
            return 1;
        }
    }

    static String usage() {
        return """
                Usage: enclave <command>
                  start            start PostgreSQL, Keycloak and the portal (what is not running yet)
                  stop             stop them
                  status [--json]  URLs, data directory and each service's state
                  logs [service]   the last %d lines of each log (postgres, keycloak, portal)
                  demo             on a running installation: a demo source, snapshot, tiny model,
                                   deployment and an API key for the first admin (reuses what exists)
                Settings: environment variables or <data>/enclave.conf, see installer/README.md""".formatted(LOG_LINES);
    }

    private static void printStatus(Stack stack, boolean json, PrintStream out) throws IllegalStateException {
        Map<String, Object> status = stack.status();
        if (json) {
            try {
                out.println(new ObjectMapper().writerWithDefaultPrettyPrinter().writeValueAsString(status));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return;
        }
        out.println("Portal:   " + status.get("portal_url"));
        out.println("Keycloak: " + status.get("keycloak_url"));
        out.println("Data:     " + status.get("data_dir"));
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) status.get("services");
        services.forEach((name, entry) -> out.printf(
                "%-9s %-8s %s%n",
                name,
                entry.get("state"),
                entry.containsKey("pid") ? "pid " + entry.get("pid") + "  " + entry.get("address") : ""));
        out.println("Workers:  " + status.get("workers"));
    }

    private static void printLogs(Stack stack, String name, PrintStream out) {
        List<Service> services = name == null
                ? stack.services()
                : List.of(stack.service(name)
                        .orElseThrow(() -> new IllegalArgumentException("No embedded service named " + name
                                + "; choose one of "
                                + stack.services().stream().map(Service::name).toList())));
        for (Service service : services) {
            Path log = stack.data().log(service.name());
            out.println("==> " + log + " <==");
            if (!Files.exists(log)) {
                out.println("(no log yet)");
                continue;
            }
            try (var lines = Files.lines(log)) {
                List<String> all = lines.toList();
                all.subList(Math.max(0, all.size() - LOG_LINES), all.size()).forEach(out::println);
            } catch (IOException | UncheckedIOException e) {
                throw new IllegalStateException("Cannot read " + log + ": " + e.getMessage());
            }
        }
    }

    /** installer/target: the directory of enclave-launcher.jar (or of target/classes in tests). */
    private static Path launcherHome() {
        try {
            Path location = Path.of(Launcher.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
            return location.getParent();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
