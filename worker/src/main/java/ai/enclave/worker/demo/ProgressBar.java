package ai.enclave.worker.demo;

import java.io.PrintStream;
import java.util.Optional;

/**
 * The demo's progress line: on a terminal one line redrawn in place ({@code [#####-----] 50% 150/300,
 * 20 s left}), elsewhere (a log, CI) a line at each tenth, so a log stays short.
 */
final class ProgressBar {

    /** Done out of total, and the seconds left (negative: unknown). */
    record Fraction(long done, long total, long secondsLeft) {}

    private static final int WIDTH = 30;

    private final PrintStream out;
    private final boolean terminal;
    private long lastTenth = -1;

    ProgressBar(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    void show(String label, Optional<Fraction> fraction) {
        String line = line(label, fraction);
        if (terminal) {
            out.print("\r" + line);
            out.flush();
            return;
        }
        long tenth = fraction.map(f -> f.total() == 0 ? 0 : f.done() * 10 / f.total())
                .orElse(0L);
        if (tenth != lastTenth) {
            out.println(line);
            lastTenth = tenth;
        }
    }

    void done(String label) {
        if (terminal) out.print("\r" + " ".repeat(WIDTH + 40) + "\r");
        out.println(label + ": done");
        lastTenth = -1;
    }

    static String line(String label, Optional<Fraction> fraction) {
        if (fraction.isEmpty()) return label + " ...";
        Fraction f = fraction.get();
        long total = Math.max(1, f.total());
        int filled = (int) (WIDTH * Math.min(f.done(), total) / total);
        String eta = f.secondsLeft() >= 0 ? ", " + f.secondsLeft() + " s left" : "";
        return "%s [%s%s] %3d%% %d/%d%s"
                .formatted(
                        label,
                        "#".repeat(filled),
                        "-".repeat(WIDTH - filled),
                        100 * Math.min(f.done(), total) / total,
                        f.done(),
                        f.total(),
                        eta);
    }
}
