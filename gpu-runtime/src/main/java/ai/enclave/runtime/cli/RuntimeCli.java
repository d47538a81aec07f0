package ai.enclave.runtime.cli;

import ai.enclave.runtime.EngineException;
import ai.enclave.runtime.backend.Backend;
import ai.enclave.runtime.backend.Backends;
import ai.enclave.runtime.chattemplate.ChatTemplate;
import ai.enclave.runtime.chattemplate.ModelChatFiles;
import ai.enclave.runtime.cli.Args.Option;
import ai.enclave.runtime.infer.Generator;
import ai.enclave.runtime.infer.SamplingParams;
import ai.enclave.runtime.io.ModelFiles;
import ai.enclave.runtime.model.ModelConfig;
import ai.enclave.runtime.model.ParameterTensors;
import ai.enclave.runtime.model.Transformer;
import ai.enclave.runtime.tokenizer.TextDecoder;
import ai.enclave.runtime.tokenizer.TextFiles;
import ai.enclave.runtime.tokenizer.Tokenizer;
import ai.enclave.runtime.tokenizer.TokenizerException;
import ai.enclave.runtime.train.DataMix;
import ai.enclave.runtime.train.TokenizerFiles;
import ai.enclave.runtime.train.TrainConfig;
import ai.enclave.runtime.train.Trainer;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.foreign.Arena;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Command-line front end: train, generate, perplexity, bench. Machine-readable output is JSON, one
 * object per line, on stdout (UTF-8 whatever the locale, since generated text is printed); a failure
 * prints one line "error: ..." on stderr and exits 1 (2 for usage errors), never a stack trace. A
 * model directory's tokenizer.json, when present, makes prompts and replies text instead of ids.
 */
public final class RuntimeCli {
    private static final String USAGE = "usage: enclave (train|generate|perplexity|bench) [options]\n"
            + "  'enclave COMMAND --help' lists a command's options; gpu-runtime/README.md says more";

    /** What a command takes (the synopsis its --help starts with, every option it reads) and what runs it. */
    private record Command(String synopsis, List<Option> options, Action action) {}

    @FunctionalInterface
    private interface Action {
        void run(Args a, PrintStream out) throws IOException;
    }

    private static final Option THREADS = Option.of("threads", "N", "0", "CPU threads; 0 uses every core");

    private static final Map<String, Command> COMMANDS = Map.of(
            "train",
            new Command(
                    "--model DIR --data DIR[@WEIGHT] [--data ...] --out DIR [options]",
                    List.of(
                            Option.of(
                                    "model",
                                    "DIR",
                                    "config.json, and model.safetensors to continue from (without"
                                            + " it: random init from --seed)"),
                            Option.of(
                                    "data",
                                    "DIR[@WEIGHT]",
                                    "a snapshot or shard directory; repeat to train on a"
                                            + " mix, WEIGHT (1 if not given) being a source's share of the training rows"),
                            Option.of("out", "DIR", "checkpoints: OUT/checkpoint-NNNNNNNN/"),
                            Option.of(
                                    "tokenizer",
                                    "DIR",
                                    "the tokenizer.json checkpoints carry (if not given: the"
                                            + " model directory's, else the first data directory's that has one)"),
                            Option.of("steps", "N", "1000", "optimizer steps"),
                            Option.of("batch-size", "N", "8", "sequences per micro-batch"),
                            Option.of("seq-len", "N", "tokens per sequence (if not given: max_seq_len, at most 256)"),
                            Option.of("grad-accum", "N", "1", "micro-batches per optimizer step"),
                            Option.of("lr", "X", "3e-4", "learning rate after warmup"),
                            Option.of("min-lr", "X", "3e-5", "learning rate the cosine decay ends at"),
                            Option.of(
                                    "warmup",
                                    "N",
                                    "steps of linear warmup (if not given: a tenth of --steps, at most 100)"),
                            Option.of(
                                    "weight-decay",
                                    "X",
                                    "0.1",
                                    "AdamW decoupled weight decay (never on norms and biases)"),
                            Option.of("beta1", "X", "0.9", "AdamW beta1"),
                            Option.of("beta2", "X", "0.95", "AdamW beta2"),
                            Option.of("eps", "X", "1e-8", "AdamW epsilon"),
                            Option.of("grad-clip", "X", "1.0", "largest global gradient norm; 0 does not clip"),
                            Option.of("seed", "N", "1337", "random init and the order data is read in"),
                            Option.of("log-every", "N", "1", "steps between JSON lines"),
                            Option.of(
                                    "eval-every", "N", "100", "steps between eval losses on the val/ shards; 0 never"),
                            Option.of("eval-batches", "N", "10", "batches per eval loss"),
                            Option.of("checkpoint-every", "N", "0", "steps between checkpoints; 0: only the last step"),
                            THREADS,
                            Option.toggle("resume", "continue from the latest checkpoint in --out, bit for bit")),
                    RuntimeCli::train),
            "generate",
            new Command(
                    "--model DIR --prompt TEXT [--prompt ...] [options]",
                    List.of(
                            Option.of("model", "DIR", "config.json, model.safetensors and optionally tokenizer.json"),
                            Option.of(
                                    "prompt",
                                    "TEXT",
                                    "text with a tokenizer.json, token ids without; repeat to"
                                            + " generate for several prompts in one batch"),
                            Option.toggle("chat", "wrap the prompt as a user message in the model's chat template"),
                            Option.toggle("timing", "print the engine's latency as one JSON line on stderr"),
                            Option.of("max-tokens", "N", "64", "most tokens per reply"),
                            Option.of("temperature", "X", "0.8", "0 picks the likeliest token (greedy)"),
                            Option.of("top-k", "N", "0", "sample from the k likeliest tokens; 0: all"),
                            Option.of(
                                    "top-p",
                                    "X",
                                    "1",
                                    "sample from the likeliest tokens holding this much probability; 1: all"),
                            Option.of(
                                    "repetition-penalty",
                                    "X",
                                    "1",
                                    "divides the scores of tokens already present; 1: none"),
                            Option.of("stop", "IDS", "token ids that end a reply; repeatable"),
                            Option.of("eos", "ID", "-1", "a token id that ends a reply; -1: none beyond the model's"),
                            Option.of("seed", "N", "0", "the sampling seed"),
                            THREADS),
                    RuntimeCli::generate),
            "perplexity",
            new Command(
                    "--model DIR (--text FILE | --tokens FILE) [options]",
                    List.of(
                            Option.of("model", "DIR", "config.json, model.safetensors and, for --text, tokenizer.json"),
                            Option.of("text", "FILE", "UTF-8 text, tokenized with the model's tokenizer.json"),
                            Option.of("tokens", "FILE", "whitespace-separated token ids"),
                            Option.of("context", "N", "tokens per window (if not given: max_seq_len)"),
                            THREADS),
                    RuntimeCli::perplexity),
            "bench",
            new Command(
                    "[options]",
                    List.of(THREADS, Option.of("steps", "N", "3", "timed training steps of config A")),
                    Bench::run));

    private RuntimeCli() {}

    public static void main(String[] argv) {
        Locale.setDefault(Locale.ROOT);
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
        try {
            int code = run(argv, out);
            out.flush();
            System.exit(code);
        } catch (EngineException | TokenizerException e) {
            out.flush();
            System.err.println("error: " + e.getMessage());
            System.exit(1);
        } catch (OutOfMemoryError e) {
            System.err.println("error: out of memory (" + e.getMessage() + "); use a smaller batch, context or model");
            System.exit(1);
        } catch (Exception e) {
            System.err.println("error: " + e);
            System.exit(1);
        }
    }

    static int run(String[] argv, PrintStream out) throws IOException {
        if (argv.length == 0) {
            System.err.println(USAGE);
            return 2;
        }
        if (argv[0].equals("--help") || argv[0].equals("-h")) {
            out.println(USAGE);
            return 0;
        }
        Command command = COMMANDS.get(argv[0]);
        if (command == null) {
            System.err.println("error: unknown command '" + argv[0] + "'\n" + USAGE);
            return 2;
        }
        if (Args.wantsHelp(argv, 1)) {
            out.print(Args.help(argv[0], command.synopsis(), command.options()));
            return 0;
        }
        command.action().run(new Args(argv[0], argv, 1, command.options()), out);
        return 0;
    }

    private static void train(Args a, PrintStream out) throws IOException {
        Path modelDir = Path.of(a.required("model"));
        ModelConfig config = ModelFiles.readConfig(modelDir);
        DataMix data = dataMix(a);
        TokenizerFiles tokenizer = trainingTokenizer(a, config, modelDir, data);
        int steps = a.integer("steps");
        TrainConfig cfg = new TrainConfig(
                a.integer("batch-size"),
                a.integer("seq-len", Math.min(config.maxSeqLen(), 256)),
                a.integer("grad-accum"),
                steps,
                a.number("lr"),
                a.number("min-lr"),
                a.integer("warmup", Math.min(100, steps / 10)),
                a.number("weight-decay"),
                a.number("beta1"),
                a.number("beta2"),
                a.number("eps"),
                a.number("grad-clip"),
                a.integer("seed"),
                a.integer("log-every"),
                a.integer("eval-every"),
                a.integer("eval-batches"),
                a.integer("checkpoint-every"));
        Backend backend = Backends.create(a.integer("threads"));
        boolean terminal = System.console() != null;
        long startNanos = System.nanoTime();
        try (Trainer trainer = new Trainer(
                backend, config, modelDir, data, Path.of(a.required("out")), tokenizer, cfg, a.has("resume"))) {
            int first = trainer.step();
            trainer.run(Integer.MAX_VALUE, log -> {
                StringBuilder sb = new StringBuilder();
                sb.append(String.format(
                        "{\"step\":%d,\"loss\":%.6f,\"lr\":%.6e,\"tokens_per_s\":%.1f,\"grad_norm\":%.6f",
                        log.step(), log.loss(), log.lr(), log.tokensPerSecond(), log.gradNorm()));
                if (log.evalLoss() != null) sb.append(String.format(",\"eval_loss\":%.6f", log.evalLoss()));
                sb.append(",\"data_epochs\":[");
                double[] epochs = trainer.dataEpochs();
                for (int i = 0; i < epochs.length; i++)
                    sb.append(i > 0 ? "," : "").append(String.format("%.4f", epochs[i]));
                sb.append(']');
                out.println(sb.append('}'));
                out.flush();
                if (terminal) {
                    double perStep = (System.nanoTime() - startNanos) / 1e9 / (log.step() - first);
                    long eta = Math.round(perStep * (cfg.steps() - log.step()));
                    System.err.printf(
                            "\rstep %d/%d  loss %.4f  %.0f tok/s  ETA %dm%02ds   ",
                            log.step(), cfg.steps(), log.loss(), log.tokensPerSecond(), eta / 60, eta % 60);
                }
            });
            if (terminal) System.err.println();
        }
    }

    private static ParameterTensors loadModel(Path dir, ModelConfig config, Arena arena) {
        if (!ModelFiles.hasWeights(dir))
            throw new EngineException(dir + ": no model.safetensors (train first or copy weights in)");
        ParameterTensors params = new ParameterTensors(config, arena);
        ModelFiles.loadWeights(dir, params);
        return params;
    }

    /** The repeatable --data DIR[@WEIGHT] options, in the order given. */
    private static DataMix dataMix(Args a) {
        if (!a.has("data")) throw new EngineException("missing required option --data");
        List<DataMix.Source> sources = new ArrayList<>();
        for (String spec : a.all("data")) sources.add(DataMix.Source.parse(spec));
        return new DataMix(sources);
    }

    /**
     * The tokenizer checkpoints carry: --tokenizer DIR, else a tokenizer.json in the model directory,
     * else one in the first data directory that has one (the data pipeline may write the tokenizer it
     * encoded with there; DataMix has already refused sources tokenized differently), else none.
     */
    private static TokenizerFiles trainingTokenizer(Args a, ModelConfig config, Path modelDir, DataMix data)
            throws IOException {
        if (a.has("tokenizer")) return TokenizerFiles.load(Path.of(a.required("tokenizer")), config);
        List<Path> dirs = new ArrayList<>(List.of(modelDir));
        for (DataMix.Source s : data.sources()) dirs.add(s.dir());
        for (Path dir : dirs)
            if (Files.isRegularFile(dir.resolve("tokenizer.json"))) return TokenizerFiles.load(dir, config);
        return null;
    }

    private static void generate(Args a, PrintStream out) throws IOException {
        Path dir = Path.of(a.required("model"));
        ModelConfig config = ModelFiles.readConfig(dir);
        Tokenizer tokenizer = Files.isRegularFile(dir.resolve("tokenizer.json")) ? Tokenizer.load(dir) : null;
        if (a.has("chat") && tokenizer == null)
            throw new EngineException(dir + ": --chat needs the model's tokenizer.json, and there is none");
        ChatTemplate template = a.has("chat") ? chatTemplate(dir) : null;
        List<int[]> prompts = new ArrayList<>();
        for (String p : a.all("prompt")) {
            int[] ids;
            if (tokenizer == null) ids = Args.tokenIds(p, "--prompt");
            // as apply_chat_template tokenizes: the template already holds any BOS it wants
            else if (template != null)
                ids = tokenizer.encode(template.render(List.of(new ChatTemplate.Message("user", p)), true), false);
            else ids = tokenizer.encode(p);
            for (int id : ids)
                if (id < 0 || id >= config.vocabSize())
                    throw new EngineException("--prompt: token id " + id + " is outside the vocabulary (size "
                            + config.vocabSize() + ")");
            prompts.add(ids);
        }
        if (prompts.isEmpty()) throw new EngineException("missing required option --prompt");
        List<int[]> stops = new ArrayList<>();
        for (String s : a.all("stop")) stops.add(Args.tokenIds(s, "--stop"));
        if (tokenizer != null) for (int id : modelStopIds(dir, tokenizer)) stops.add(new int[] {id});
        SamplingParams sp = new SamplingParams(
                a.integer("max-tokens"),
                a.number("temperature"),
                a.integer("top-k"),
                a.number("top-p"),
                a.number("repetition-penalty"),
                stops,
                a.integer("eos"),
                a.integer("seed"));
        Backend backend = Backends.create(a.integer("threads"));
        try (Arena arena = Arena.ofShared()) {
            ParameterTensors params = loadModel(dir, config, arena);
            params.packForInference(backend, arena);
            Generator generator = new Generator(config, backend, params);
            boolean single = prompts.size() == 1;
            if (tokenizer == null) {
                generator.generate(prompts, sp, (seq, tok) -> {
                    if (single) out.print(tok + " ");
                    else out.printf("{\"sequence\":%d,\"token\":%d}%n", seq, tok);
                    out.flush();
                });
                if (single) out.println();
                return;
            }
            // special tokens (the stop token among them) are not printed, as HF's skip_special_tokens
            TextDecoder[] text = new TextDecoder[prompts.size()];
            for (int s = 0; s < text.length; s++) text[s] = new TextDecoder(tokenizer, true);
            GenerationTiming timing = new GenerationTiming();
            generator.generate(prompts, sp, (seq, tok) -> {
                timing.token();
                String piece = text[seq].next(tok);
                if (single) out.print(piece);
                else out.println(textLine(seq, tok, piece));
                out.flush();
            });
            if (a.has("timing")) System.err.println(timing.json(prompts.get(0).length));
            for (int s = 0; s < text.length; s++) {
                String rest = text[s].finish();
                if (single) out.println(rest);
                else if (!rest.isEmpty()) out.println(textLine(s, null, rest));
            }
        }
    }

    private static String textLine(int sequence, Integer token, String text) {
        ObjectNode line = new ObjectMapper().createObjectNode().put("sequence", sequence);
        if (token != null) line.put("token", token);
        return line.put("text", text).toString();
    }

    private static ChatTemplate chatTemplate(Path dir) throws IOException {
        if (!Files.isRegularFile(dir.resolve("tokenizer_config.json"))
                && !Files.isRegularFile(dir.resolve("chat_template.jinja")))
            throw new EngineException(dir + ": --chat needs a chat template (tokenizer_config.json chat_template or"
                    + " chat_template.jinja), and the model has none");
        return ChatTemplate.load(dir);
    }

    /** The model's stop tokens (generation_config.json, else tokenizer_config.json eos_token); none without either file. */
    private static int[] modelStopIds(Path dir, Tokenizer tokenizer) throws IOException {
        if (!Files.isRegularFile(dir.resolve("generation_config.json"))
                && !Files.isRegularFile(dir.resolve("tokenizer_config.json"))) return new int[0];
        return ModelChatFiles.stopTokenIds(dir, tokenizer);
    }

    private static void perplexity(Args a, PrintStream out) throws IOException {
        Path dir = Path.of(a.required("model"));
        ModelConfig config = ModelFiles.readConfig(dir);
        if (a.has("text") == a.has("tokens")) throw new EngineException("give one of --text FILE or --tokens FILE");
        Path file;
        int[] ids;
        if (a.has("text")) {
            file = Path.of(a.required("text"));
            if (!Files.isRegularFile(dir.resolve("tokenizer.json")))
                throw new EngineException(dir + ": no tokenizer.json, which --text needs to tokenize " + file
                        + " (or pass token ids with --tokens FILE)");
            // special tokens added as HF's tokenizer(text) adds them (e.g. Llama's BOS)
            ids = Tokenizer.load(dir).encode(TextFiles.readUtf8(file));
        } else {
            file = Path.of(a.required("tokens"));
            if (!Files.isRegularFile(file)) throw new EngineException(file + ": not found");
            ids = Args.tokenIds(Files.readString(file), file.toString());
        }
        int context = a.integer("context", config.maxSeqLen());
        if (context < 2) throw new EngineException("--context must be at least 2");
        Backend backend = Backends.create(a.integer("threads"));
        try (Arena arena = Arena.ofShared()) {
            ParameterTensors params = loadModel(dir, config, arena);
            Transformer model = new Transformer(
                    config, backend, params, 1, Math.min(context, Math.max(2, ids.length)), false, arena);
            double nll = 0;
            long predicted = 0;
            for (int from = 0; from + 1 < ids.length; from += context) {
                int n = Math.min(context, ids.length - from);
                if (n < 2) break;
                int[] in = java.util.Arrays.copyOfRange(ids, from, from + n - 1);
                int[] tg = java.util.Arrays.copyOfRange(ids, from + 1, from + n);
                for (int id : tg)
                    if (id < 0 || id >= config.vocabSize())
                        throw new EngineException(file + ": token id " + id + " is outside the vocabulary (size "
                                + config.vocabSize() + ")");
                nll += (double) model.forward(in, tg, 1, n - 1) * (n - 1);
                predicted += n - 1;
            }
            if (predicted == 0) throw new EngineException(file + ": needs at least 2 tokens");
            out.printf("{\"tokens\":%d,\"perplexity\":%.6f}%n", predicted, Math.exp(nll / predicted));
        }
    }

    /**
     * The engine's own latency, for comparing with what the portal adds: from the call into the
     * generator (prompt already tokenized, model loaded) to the first sampled token, then tokens per
     * second over the rest.
     */
    private static final class GenerationTiming {
        private final long start = System.nanoTime();
        private long first;
        private long last;
        private int tokens;

        void token() {
            last = System.nanoTime();
            if (tokens++ == 0) first = last;
        }

        String json(int promptTokens) {
            double rest = (last - first) / 1e9;
            return String.format(
                    java.util.Locale.ROOT,
                    "{\"prompt_tokens\":%d,\"first_token_ms\":%.1f,\"tokens\":%d,\"tokens_per_s\":%.1f}",
                    promptTokens,
                    (first - start) / 1e6,
                    tokens,
                    rest > 0 ? (tokens - 1) / rest : 0.0);
        }
    }
}
