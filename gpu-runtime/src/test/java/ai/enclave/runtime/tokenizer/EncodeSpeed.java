package ai.enclave.runtime.tokenizer;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * One-thread encode throughput of a tokenizer trained on the multilingual fixture (vocab 4096), on
 * that fixture repeated to about 4 MB, with the time split into pre-tokenizing and the whole encode.
 * Runs the pattern through the hand-written scanner and, in the same JVM, through java.util.regex (the
 * same pattern wrapped in a group, which the scanner does not recognise), so the two are comparable
 * on a shared machine. Not a test; run from gpu-runtime/ with the test classpath:
 * {@code java -cp target/classes:target/test-classes:$(cat /tmp/cp.txt) ai.enclave.runtime.tokenizer.EncodeSpeed}
 */
public final class EncodeSpeed {
    private EncodeSpeed() {}

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("encode-speed");
        Path scanned = TokenizerFixtures.trainedByteLevel(dir, 4096);
        Path regex = TokenizerFixtures.rewrite(scanned, dir.resolve("regex/tokenizer.json"), root -> {
            ObjectNode pattern = (ObjectNode)
                    root.get("pre_tokenizer").get("pretokenizers").get(0).get("pattern");
            pattern.put("Regex", "(?:" + pattern.get("Regex").asText() + ")");
        });
        List<String> lines = new ArrayList<>();
        long bytes = 0;
        List<String> fixture = Arrays.asList(TokenizerFixtures.corpus().split("(?<=\n)"));
        while (bytes < 4_000_000) {
            for (String line : fixture) {
                lines.add(line);
                bytes += line.getBytes(StandardCharsets.UTF_8).length;
            }
        }
        Tokenizer fast = Tokenizer.load(scanned);
        Tokenizer slow = Tokenizer.load(regex);
        // both are in memory now; the files were only needed to load them
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.delete(p);
        }
        for (int round = 0; round < 3; round++) {
            for (Tokenizer t : List.of(slow, fast)) {
                String name = t == fast ? "scanner" : "regex  ";
                double split = mbps(bytes, () -> {
                    List<PreTokenizer.Piece> out = new ArrayList<>();
                    for (String line : lines) {
                        out.clear();
                        t.preTokenizer().split(new PreTokenizer.Piece(line, true), out);
                    }
                });
                double encode = mbps(bytes, () -> {
                    for (String line : lines) t.encode(line, false);
                });
                System.out.printf(
                        "round %d %s: pre-tokenize %.1f MB/s, encode %.1f MB/s%n", round, name, split, encode);
            }
        }
    }

    private static double mbps(long bytes, Runnable work) {
        long start = System.nanoTime();
        work.run();
        return bytes / 1e6 / ((System.nanoTime() - start) / 1e9);
    }
}
