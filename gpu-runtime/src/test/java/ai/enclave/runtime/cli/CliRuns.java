package ai.enclave.runtime.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Running the command line in tests: in this JVM for output, in a child JVM for exit codes and stderr. */
final class CliRuns {
    private CliRuns() {}

    /** Runs a command in this JVM, asserts exit 0, returns stdout. */
    static String run(String... argv) throws Exception {
        return String.join("", runFlushed(argv));
    }

    /** Runs a command in this JVM, asserts exit 0, returns stdout cut at each flush (what a reader saw when). */
    static List<String> runFlushed(String... argv) throws Exception {
        List<String> pieces = new ArrayList<>();
        ByteArrayOutputStream pending = new ByteArrayOutputStream();
        OutputStream sink = new OutputStream() {
            @Override
            public void write(int b) {
                pending.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                pending.write(b, off, len);
            }

            @Override
            public void flush() {
                if (pending.size() > 0) pieces.add(pending.toString(StandardCharsets.UTF_8));
                pending.reset();
            }
        };
        try (PrintStream out = new PrintStream(sink, false, StandardCharsets.UTF_8)) {
            assertThat(RuntimeCli.run(argv, out)).isZero();
        }
        return pieces;
    }

    /** Runs the real main in a child JVM: {exit code, stdout, stderr}. */
    static String[] main(String... argv) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--add-modules",
                "jdk.incubator.vector",
                "--enable-native-access=ALL-UNNAMED",
                "-cp",
                System.getProperty("java.class.path"),
                RuntimeCli.class.getName()));
        cmd.addAll(List.of(argv));
        Process p = new ProcessBuilder(cmd).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        return new String[] {String.valueOf(p.waitFor()), out, err};
    }

    static void assertOneClearError(String[] result, String... mentions) {
        assertThat(Integer.parseInt(result[0])).as("exit code").isNotZero();
        // the JVM itself announces the incubating Vector API module; everything else is ours
        List<String> lines = result[2]
                .lines()
                .filter(l -> !l.startsWith("WARNING: Using incubator modules"))
                .toList();
        assertThat(lines).as("stderr").hasSize(1);
        assertThat(lines.get(0))
                .startsWith("error: ")
                .doesNotContain("Exception")
                .contains(mentions);
    }
}
