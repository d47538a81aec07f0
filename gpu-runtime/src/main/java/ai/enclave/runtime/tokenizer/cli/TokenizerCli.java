package ai.enclave.runtime.tokenizer.cli;

import ai.enclave.runtime.chattemplate.ModelChatFiles;
import ai.enclave.runtime.tokenizer.TextFiles;
import ai.enclave.runtime.tokenizer.Tokenizer;
import ai.enclave.runtime.tokenizer.TokenizerException;
import ai.enclave.runtime.tokenizer.train.BpeTrainer;
import ai.enclave.runtime.tokenizer.train.TokenizerTraining;
import ai.enclave.runtime.tokenizer.train.TrainerConfig;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * {@code enclave tokenizer train|encode|stats}: train a byte-level BPE tokenizer on text files,
 * print the ids of a text file (one line of ids per input line, no special tokens added), print
 * compression statistics as JSON. Errors print one line "error: ..." on stderr and exit 1 (2 for
 * usage errors).
 */
public final class TokenizerCli {
    private static final String USAGE = "usage: enclave tokenizer train --input PATH... --vocab-size N --out DIR"
            + " [--min-frequency N] [--special T,T...] [--style byte-level|sentencepiece]"
            + " [--script-balance A]\n"
            + "       enclave tokenizer encode --tokenizer DIR --text FILE\n"
            + "       enclave tokenizer stats --tokenizer DIR --text FILE";

    private TokenizerCli() {}

    public static void main(String[] argv) {
        Locale.setDefault(Locale.ROOT);
        int code;
        try {
            code = run(argv, System.out);
        } catch (TokenizerException | IOException e) {
            System.err.println("error: " + (e instanceof IOException ? e.toString() : e.getMessage()));
            code = 1;
        } catch (UsageException | IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            System.err.println(USAGE);
            code = 2;
        }
        System.out.flush();
        System.exit(code);
    }

    static int run(String[] argv, PrintStream out) throws IOException {
        if (argv.length == 0) throw new UsageException("no subcommand");
        Map<String, List<String>> options = options(Arrays.copyOfRange(argv, 1, argv.length));
        switch (argv[0]) {
            case "train" -> train(options, out);
            case "encode" -> encode(options, out);
            case "stats" -> stats(options, out);
            default -> throw new UsageException("unknown subcommand '" + argv[0] + "'");
        }
        return 0;
    }

    private static void train(Map<String, List<String>> options, PrintStream out) throws IOException {
        List<Path> inputs = new ArrayList<>();
        for (String p : required(options, "input")) inputs.addAll(files(Path.of(p)));
        int vocabSize = intOption(options, "vocab-size", null);
        Path outDir = Path.of(single(options, "out"));
        TrainerConfig.Style style =
                switch (options.getOrDefault("style", List.of("byte-level")).getFirst()) {
                    case "byte-level" -> TrainerConfig.Style.BYTE_LEVEL;
                    case "sentencepiece" -> TrainerConfig.Style.SENTENCEPIECE;
                    default -> throw new UsageException("--style must be byte-level or sentencepiece");
                };
        List<String> specials = options.containsKey("special")
                ? List.of(single(options, "special").split(","))
                : style == TrainerConfig.Style.BYTE_LEVEL
                        ? TrainerConfig.DEFAULT_SPECIALS
                        : TrainerConfig.SENTENCEPIECE_SPECIALS;
        TrainerConfig config = new TrainerConfig(
                vocabSize,
                intOption(options, "min-frequency", 2),
                specials,
                TrainerConfig.DEFAULT_REGEX,
                style,
                doubleOption(options, "script-balance", TrainerConfig.DEFAULT_SCRIPT_BALANCE));
        long start = System.nanoTime();
        BpeTrainer.Result result = TokenizerTraining.train(inputs, config, outDir.resolve("tokenizer.json"));
        Tokenizer tokenizer = Tokenizer.load(outDir);
        if (tokenizer.tokenId(ModelChatFiles.END_OF_TURN) != null
                && tokenizer.tokenId(ModelChatFiles.END_OF_TEXT) != null) {
            ModelChatFiles.write(outDir, tokenizer);
        }
        ObjectNode json = new ObjectMapper().createObjectNode();
        json.put("out", outDir.toString());
        json.put("vocab_size", result.vocab().size());
        json.put("merges", result.merges().size());
        json.put("seconds", (System.nanoTime() - start) / 1e9);
        out.println(json);
    }

    private static void encode(Map<String, List<String>> options, PrintStream out) throws IOException {
        Tokenizer tokenizer = Tokenizer.load(Path.of(single(options, "tokenizer")));
        Path textFile = Path.of(single(options, "text"));
        StringBuilder line = new StringBuilder();
        for (String text : TextFiles.readUtf8(textFile).split("\n", -1)) {
            line.setLength(0);
            for (int id : tokenizer.encode(text, false)) {
                if (!line.isEmpty()) line.append(' ');
                line.append(id);
            }
            out.println(line);
        }
    }

    /**
     * Tokens and UTF-8 bytes overall and per script. A line counts towards the script most of its
     * letters are in (tokens do not align with script boundaries inside a line).
     */
    private static void stats(Map<String, List<String>> options, PrintStream out) throws IOException {
        Tokenizer tokenizer = Tokenizer.load(Path.of(single(options, "tokenizer")));
        Map<String, long[]> perScript = new TreeMap<>();
        long tokens = 0;
        long bytes = 0;
        for (String text : TextFiles.readUtf8(Path.of(single(options, "text"))).split("\n")) {
            long lineTokens = tokenizer.encode(text, false).length;
            long lineBytes = text.getBytes(StandardCharsets.UTF_8).length;
            tokens += lineTokens;
            bytes += lineBytes;
            long[] s = perScript.computeIfAbsent(dominantScript(text), k -> new long[2]);
            s[0] += lineTokens;
            s[1] += lineBytes;
        }
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode json = mapper.createObjectNode();
        putCounts(json, tokens, bytes);
        ObjectNode scripts = json.putObject("scripts");
        perScript.forEach((script, c) -> putCounts(scripts.putObject(script), c[0], c[1]));
        out.println(json);
    }

    private static void putCounts(ObjectNode node, long tokens, long bytes) {
        node.put("tokens", tokens);
        node.put("bytes", bytes);
        node.put("bytes_per_token", tokens == 0 ? 0.0 : Math.round(1000.0 * bytes / tokens) / 1000.0);
    }

    static String dominantScript(String line) {
        Map<Character.UnicodeScript, Integer> letters = new TreeMap<>();
        line.codePoints()
                .filter(Character::isLetter)
                .forEach(cp -> letters.merge(Character.UnicodeScript.of(cp), 1, Integer::sum));
        return letters.entrySet().stream()
                .max(Map.Entry.comparingByValue())
                .map(e -> e.getKey().name().toLowerCase(Locale.ROOT))
                .orElse("common");
    }

    /** The whole file as text; invalid UTF-8 fails naming the file, the byte offset and the line. */
    private static List<Path> files(Path path) throws IOException {
        if (Files.isRegularFile(path)) return List.of(path);
        if (!Files.isDirectory(path)) throw new TokenizerException(path + ": no such file or directory");
        try (Stream<Path> walk = Files.walk(path)) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private static Map<String, List<String>> options(String[] args) {
        Map<String, List<String>> options = new TreeMap<>();
        String current = null;
        for (String a : args) {
            if (a.startsWith("--")) {
                current = a.substring(2);
                if (options.containsKey(current)) throw new UsageException("--" + current + " given twice");
                options.put(current, new ArrayList<>());
            } else if (current == null) {
                throw new UsageException("unexpected argument '" + a + "'");
            } else options.get(current).add(a);
        }
        return options;
    }

    private static List<String> required(Map<String, List<String>> options, String name) {
        List<String> values = options.get(name);
        if (values == null || values.isEmpty()) throw new UsageException("--" + name + " is required");
        return values;
    }

    private static String single(Map<String, List<String>> options, String name) {
        List<String> values = required(options, name);
        if (values.size() != 1) throw new UsageException("--" + name + " takes one value");
        return values.getFirst();
    }

    private static int intOption(Map<String, List<String>> options, String name, Integer fallback) {
        if (!options.containsKey(name) && fallback != null) return fallback;
        String value = single(options, name);
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be a whole number, got '" + value + "'");
        }
    }

    private static double doubleOption(Map<String, List<String>> options, String name, double fallback) {
        if (!options.containsKey(name)) return fallback;
        String value = single(options, name);
        try {
            return Double.parseDouble(value);
        } catch (NumberFormatException e) {
            throw new UsageException("--" + name + " must be a number, got '" + value + "'");
        }
    }

    private static final class UsageException extends RuntimeException {
        UsageException(String message) {
            super(message);
        }
    }
}
