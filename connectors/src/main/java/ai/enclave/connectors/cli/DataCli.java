package ai.enclave.connectors.cli;

import ai.enclave.connectors.prepare.DataPreparation;
import ai.enclave.connectors.prepare.PrepareConfig;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The {@code enclave data} command line: {@code prepare --config FILE} runs {@link DataPreparation},
 * prints progress lines on stderr (at most one a second) and the final statistics as one JSON object on
 * stdout. Errors are one line {@code error: ...} on stderr with exit code 1; usage errors exit 2.
 */
public final class DataCli {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String USAGE = "usage: enclave data prepare --config FILE (.json or .properties)";

    private DataCli() {}

    public static void main(String[] args) {
        // PDFBox and POI log font and format warnings per file; the run report records what matters
        Logger.getLogger("").setLevel(Level.SEVERE);
        for (var h : Logger.getLogger("").getHandlers()) h.setLevel(Level.SEVERE);
        System.exit(run(args, System.out, System.err));
    }

    /** Runs a command; returns the exit code (0 ok, 1 failed, 2 usage). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length != 3 || !args[0].equals("prepare") || !args[1].equals("--config")) {
            err.println(USAGE);
            return 2;
        }
        Path configFile = Path.of(args[2]);
        try {
            if (!Files.isRegularFile(configFile)) throw new NoSuchFileException(configFile + ": no such config file");
            PrepareConfig config = PrepareConfig.load(configFile);
            long start = System.nanoTime();
            long[] lastReport = {0};
            long[] lastBytes = {0};
            DataPreparation.Result result = DataPreparation.run(config, (phase, documents, bytes) -> {
                lastBytes[0] = Math.max(lastBytes[0], bytes);
                long now = System.nanoTime();
                if (now - lastReport[0] < 1_000_000_000L) return;
                lastReport[0] = now;
                err.printf(Locale.ROOT, "%s: %d documents, %.1f MB%n", phase, documents, bytes / 1e6);
            });
            double seconds = (System.nanoTime() - start) / 1e9;
            ObjectNode summary = JSON.createObjectNode();
            summary.put("snapshot", result.directory().toString());
            summary.put("id", result.id());
            summary.put("already_existed", result.alreadyExisted());
            summary.put("seconds", Math.round(seconds * 100) / 100.0);
            summary.put("chars_per_s", Math.round(lastBytes[0] / seconds));
            summary.set("cpu_seconds", JSON.valueToTree(result.cpuSeconds()));
            for (String field : new String[] {"documents", "tokens", "sources", "stages", "pii", "languages"}) {
                summary.set(field, result.manifest().get(field));
            }
            out.println(summary);
            return 0;
        } catch (Exception | LinkageError e) {
            String msg = e.getMessage() == null ? e.toString() : e.getMessage();
            err.println("error: " + msg.lines().findFirst().orElse("").strip());
            return 1;
        }
    }
}
