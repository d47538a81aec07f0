package ai.enclave.connectors.cli;

import ai.enclave.connectors.bench.Bench;
import ai.enclave.connectors.prepare.DataPreparation;
import ai.enclave.connectors.prepare.PrepareConfig;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The {@code enclave data} command line: {@code prepare --config FILE [--restart]} runs
 * {@link DataPreparation} (resuming a stopped run of the same config unless {@code --restart} says to
 * discard it), prints progress lines on stderr (at most one a second, and always the {@code resuming}
 * and {@code starting over} ones) and the final statistics as one JSON object on stdout; {@code bench [--size-gb N | --size-mb N] [--work DIR] [--keep]} runs {@link Bench} and prints
 * its one JSON line. Errors are one line {@code error: ...} on stderr with exit code 1; usage errors exit 2.
 */
public final class DataCli {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String USAGE = "usage: enclave data prepare --config FILE (.json or .properties) [--restart]\n"
            + "       enclave data bench [--size-gb N | --size-mb N] [--work DIR] [--keep] [--seed N]"
            + " [--heap-mb N | --in-process]";
    /** The heap the bench holds the pipeline to (issue 5: 1 GB); set on the JVM it re-launches. */
    private static final int BENCH_HEAP_MB = 1024;

    private static final String BENCH_CHILD = "enclave.bench.child";
    private static final String COMMON_POOL_PARALLELISM = "java.util.concurrent.ForkJoinPool.common.parallelism";

    private DataCli() {}

    public static void main(String[] args) {
        // Lingua runs its per-language work as tasks on the common pool, whose default parallelism is one
        // less than the cores (1 on 2 cores): language identification then waits on a single thread
        if (System.getProperty(COMMON_POOL_PARALLELISM) == null) {
            System.setProperty(
                    COMMON_POOL_PARALLELISM,
                    Integer.toString(Runtime.getRuntime().availableProcessors()));
        }
        // PDFBox and POI log font and format warnings per file; the run report records what matters
        Logger.getLogger("").setLevel(Level.SEVERE);
        for (var h : Logger.getLogger("").getHandlers()) h.setLevel(Level.SEVERE);
        System.exit(run(args, System.out, System.err));
    }

    /** Runs a command; returns the exit code (0 ok, 1 failed, 2 usage). */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length > 0 && args[0].equals("bench")) return bench(args, out, err);
        boolean restart = args.length == 4 && args[3].equals("--restart");
        if (args.length != (restart ? 4 : 3) || !args[0].equals("prepare") || !args[1].equals("--config")) {
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
            DataPreparation.Progress progress = (phase, documents, bytes) -> {
                lastBytes[0] = Math.max(lastBytes[0], bytes);
                long now = System.nanoTime();
                boolean news = phase.startsWith("resuming") || phase.startsWith("starting over");
                if (!news && now - lastReport[0] < 1_000_000_000L) return;
                lastReport[0] = now;
                err.printf(Locale.ROOT, "%s: %d documents, %.1f MB%n", phase, documents, bytes / 1e6);
            };
            DataPreparation.Result result =
                    DataPreparation.run(config, progress, DataPreparation.Options.DEFAULT.withRestart(restart));
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

    /**
     * The bench, in a JVM whose heap is the target (re-launched with {@code -Xmx} unless this one already
     * has at most that, or {@code --in-process} says to measure this JVM as it is).
     */
    private static int bench(String[] args, PrintStream out, PrintStream err) {
        long sizeChars = 2_000_000_000L;
        Path work = null;
        boolean keep = false, inProcess = Boolean.getBoolean(BENCH_CHILD);
        long seed = 1;
        int heapMb = BENCH_HEAP_MB;
        try {
            for (int i = 1; i < args.length; i++) {
                switch (args[i]) {
                    case "--size-gb" -> sizeChars = (long) (Double.parseDouble(args[++i]) * 1e9);
                    case "--size-mb" -> sizeChars = (long) (Double.parseDouble(args[++i]) * 1e6);
                    case "--work" -> work = Path.of(args[++i]);
                    case "--keep" -> keep = true;
                    case "--seed" -> seed = Long.parseLong(args[++i]);
                    case "--heap-mb" -> heapMb = Integer.parseInt(args[++i]);
                    case "--in-process" -> inProcess = true;
                    default -> throw new IllegalArgumentException(args[i]);
                }
            }
            if (sizeChars < 1) throw new IllegalArgumentException("size");
        } catch (RuntimeException e) {
            err.println(USAGE);
            return 2;
        }
        try {
            if (!inProcess && Runtime.getRuntime().maxMemory() > (heapMb + heapMb / 10L) << 20) {
                return relaunch(args, heapMb);
            }
            if (work == null) work = Files.createTempDirectory("enclave-bench-");
            ObjectNode line = Bench.run(new Bench.Options(sizeChars, work, keep, seed), err);
            if (keep) line.put("work", work.toString());
            out.println(line);
            return 0;
        } catch (Exception | LinkageError e) {
            String msg = e.getMessage() == null ? e.toString() : e.getMessage();
            err.println("error: " + msg.lines().findFirst().orElse("").strip());
            return 1;
        }
    }

    private static int relaunch(String[] args, int heapMb) throws IOException, InterruptedException {
        String java = ProcessHandle.current()
                .info()
                .command()
                .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        List<String> command = new ArrayList<>(List.of(
                java,
                "-Xmx" + heapMb + "m",
                // the collector the worker runs prepare jobs with (WorkerLauncher) and ./enclave data uses
                "-XX:+UseParallelGC",
                "-D" + BENCH_CHILD + "=true",
                "-cp",
                System.getProperty("java.class.path"),
                DataCli.class.getName()));
        command.addAll(Arrays.asList(args));
        return new ProcessBuilder(command).inheritIO().start().waitFor();
    }
}
