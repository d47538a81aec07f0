package ai.enclave.runtime.train;

import ai.enclave.runtime.EngineException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The training data of a run: one or more sources, each a dataset snapshot (train/ and optionally
 * val/ shard directories, a manifest.json) or a plain directory of shards, with a weight that is its
 * share of the training rows once normalised. All sources must have been tokenized with one
 * tokenizer; a mix that provably was not is refused here, before any training. This is only the
 * description; {@link MixLoader} reads it.
 */
public final class DataMix {

    /** One source: a directory and its weight (> 0, any scale; 7 and 3 mean 70% and 30%). */
    public record Source(Path dir, double weight) {
        public Source {
            if (dir == null) throw new EngineException("a data source needs a directory");
            if (!(weight > 0) || Double.isInfinite(weight))
                throw new EngineException(dir + ": data weight must be a finite number > 0, got " + weight);
        }

        /** Parses {@code DIR[@WEIGHT]} (the CLI's --data): the weight after the last '@', default 1. */
        public static Source parse(String spec) {
            int at = spec.lastIndexOf('@');
            if (at < 0) return new Source(Path.of(spec), 1);
            String weight = spec.substring(at + 1);
            double w;
            try {
                w = Double.parseDouble(weight);
            } catch (NumberFormatException e) {
                throw new EngineException("--data " + spec + ": weight '" + weight + "' is not a number"
                        + " (a directory whose name holds '@' is given as DIR@1)");
            }
            return new Source(Path.of(spec.substring(0, at)), w);
        }
    }

    private final List<Source> sources;
    private final double[] shares;

    public DataMix(List<Source> sources) {
        if (sources.isEmpty()) throw new EngineException("a data mix needs at least one source");
        Set<Path> seen = new HashSet<>();
        for (Source s : sources)
            if (!seen.add(s.dir().toAbsolutePath().normalize()))
                throw new EngineException(s.dir() + ": data source given twice in one mix");
        this.sources = List.copyOf(sources);
        double total = 0;
        for (Source s : sources) total += s.weight();
        shares = new double[sources.size()];
        for (int i = 0; i < shares.length; i++) shares[i] = sources.get(i).weight() / total;
        requireOneTokenizer();
    }

    /** One directory, all of the training data. */
    public static DataMix of(Path dir) {
        return new DataMix(List.of(new Source(dir, 1)));
    }

    public List<Source> sources() {
        return sources;
    }

    public int size() {
        return sources.size();
    }

    /** Source i's share of the rows, weights normalised to sum to 1. */
    public double share(int i) {
        return shares[i];
    }

    /** Where source i's training shards are: its train/ subdirectory, else the directory itself. */
    public Path trainDir(int i) {
        Path dir = sources.get(i).dir();
        return Files.isDirectory(dir.resolve("train")) ? dir.resolve("train") : dir;
    }

    /** Source i's held-out shards (its val/ subdirectory), if it has them. */
    public Optional<Path> valDir(int i) {
        Path val = sources.get(i).dir().resolve("val");
        return Files.isDirectory(val) ? Optional.of(val) : Optional.empty();
    }

    /**
     * Refuses sources whose tokenizers differ: the same ids would mean different text. A source's
     * tokenizer is known from its manifest.json ({@code tokenizer.sha256}, the hash of the
     * tokenizer.json it was encoded with, as the data pipeline writes it), else from a tokenizer.json
     * in the directory; a source with neither cannot be checked and is taken on trust.
     */
    private void requireOneTokenizer() {
        Path firstDir = null;
        String first = null;
        for (Source s : sources) {
            Optional<String> sha = tokenizerSha256(s.dir());
            if (sha.isEmpty()) continue;
            if (first == null) {
                firstDir = s.dir();
                first = sha.get();
            } else if (!first.equals(sha.get())) {
                throw new EngineException("data sources " + firstDir + " and " + s.dir()
                        + " were tokenized with different tokenizers (sha256 " + first + " and " + sha.get()
                        + "); a mix must share one tokenizer");
            }
        }
    }

    private static Optional<String> tokenizerSha256(Path dir) {
        Path manifest = dir.resolve("manifest.json");
        if (Files.isRegularFile(manifest)) {
            try {
                JsonNode sha = new ObjectMapper()
                        .readTree(manifest.toFile())
                        .path("tokenizer")
                        .path("sha256");
                if (sha.isTextual()) return Optional.of(sha.asText());
            } catch (IOException e) {
                throw new EngineException(manifest + ": cannot read (" + e.getMessage() + ")");
            }
        }
        Path tokenizer = dir.resolve("tokenizer.json");
        return Files.isRegularFile(tokenizer) ? Optional.of(sha256(tokenizer)) : Optional.empty();
    }

    private static String sha256(Path file) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            try (InputStream in = new DigestInputStream(Files.newInputStream(file), md)) {
                in.transferTo(OutputStream.nullOutputStream());
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new EngineException(file + ": cannot read (" + e.getMessage() + ")");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
