package ai.enclave.runtime.tokenizer;

import ai.enclave.runtime.tokenizer.train.TokenizerTraining;
import ai.enclave.runtime.tokenizer.train.TrainerConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * Benchmark, not a test: training time and held-out bytes per token per language against
 * SentencePiece's spm_train (BPE, same vocabulary size, same files) in two configurations, and how
 * many held-out lines each tokenizer fails to give back identically (encode then decode); then
 * encode throughput against the Hugging Face library on the same tokenizer.json and text, one thread
 * and all threads. Corpus: src/test/python/tokenizer/make_bench_corpus.sh. Run from gpu-runtime/
 * with the test classpath: TokenizerBench CORPUS_DIR VOCAB_SIZE WORK_DIR
 */
public final class TokenizerBench {
    /** One way of running spm_train: a name for the table and the options beyond the shared ones. */
    private record SpmSetup(String name, List<String> options) {}

    private static final List<SpmSetup> SPM_SETUPS = List.of(
            // spm_train's defaults: NFKC folding and collapsed whitespace, so it encodes a normalised,
            // lossy copy of the text (indentation and repeated spaces do not come back)
            new SpmSetup("spm-default", List.of()),
            // as LLM tokenizers are trained (Llama's recipe): the text byte for byte, like ours
            new SpmSetup(
                    "spm-lossless",
                    List.of(
                            "--normalization_rule_name=identity",
                            "--remove_extra_whitespaces=false",
                            "--allow_whitespace_only_pieces=true",
                            "--split_digits=true")));

    public static void main(String[] args) throws Exception {
        Path corpus = Path.of(args[0]);
        int vocabSize = Integer.parseInt(args[1]);
        Path work = Path.of(args[2]);
        List<Path> train = corpusFiles(corpus, ".train.txt");
        List<Path> heldOutFiles = corpusFiles(corpus, ".heldout.txt");
        Files.createDirectories(work);
        long t0 = System.nanoTime();
        TokenizerTraining.train(train, TrainerConfig.byteLevel(vocabSize), work.resolve("ours/tokenizer.json"));
        StringBuilder times = new StringBuilder(String.format("ours %.1f s", (System.nanoTime() - t0) / 1e9));
        int threads = Runtime.getRuntime().availableProcessors();
        for (SpmSetup setup : SPM_SETUPS) {
            t0 = System.nanoTime();
            List<String> command = new ArrayList<>(List.of(
                    "spm_train",
                    "--input="
                            + String.join(
                                    ",", train.stream().map(Path::toString).toList()),
                    "--model_prefix=" + work.resolve(setup.name()),
                    "--model_type=bpe",
                    "--vocab_size=" + vocabSize,
                    "--character_coverage=0.9995",
                    "--byte_fallback=true",
                    "--num_threads=" + threads,
                    "--input_sentence_size=100000000",
                    "--max_sentence_length=100000",
                    "--minloglevel=2"));
            command.addAll(setup.options());
            run(command);
            times.append(String.format(", %s %.1f s", setup.name(), (System.nanoTime() - t0) / 1e9));
        }
        System.out.printf("training, vocab %d: %s%n", vocabSize, times);

        Tokenizer ours = Tokenizer.load(work.resolve("ours"));
        System.out.println("held-out UTF-8 bytes per token (higher is better), in brackets the lines that do not"
                + " decode back identical");
        System.out.printf(
                "  %-8s %-14s %-14s %-14s lines%n",
                "language", "ours", SPM_SETUPS.get(0).name(), SPM_SETUPS.get(1).name());
        List<String> allLines = new ArrayList<>();
        for (Path heldOut : heldOutFiles) {
            // split on \n only, as spm_encode does, so both sides see the same lines
            List<String> lines = List.of(Files.readString(heldOut).split("\n"));
            allLines.addAll(lines);
            long bytes = 0, oursTokens = 0, oursChanged = 0;
            for (String line : lines) {
                bytes += line.getBytes(StandardCharsets.UTF_8).length;
                int[] ids = ours.encode(line, false);
                oursTokens += ids.length;
                if (!ours.decode(ids, false).equals(line)) oursChanged++;
            }
            StringBuilder row = new StringBuilder(String.format(
                    "  %-8s %-14s",
                    heldOut.getFileName().toString().replace(".heldout.txt", ""),
                    String.format("%.3f (%d)", (double) bytes / oursTokens, oursChanged)));
            for (SpmSetup setup : SPM_SETUPS) {
                Path model = work.resolve(setup.name() + ".model");
                Path ids = work.resolve(setup.name() + ".ids");
                Files.writeString(
                        ids,
                        run(List.of("spm_encode", "--model=" + model, "--output_format=id", "--input=" + heldOut)));
                long spmTokens = 0;
                for (String line : Files.readAllLines(ids)) {
                    if (!line.isBlank()) spmTokens += line.trim().split(" ").length;
                }
                String[] decoded = run(List.of("spm_decode", "--model=" + model, "--input_format=id", "--input=" + ids))
                        .split("\n", -1);
                long changed = 0;
                for (int i = 0; i < lines.size(); i++) {
                    if (i >= decoded.length || !decoded[i].equals(lines.get(i))) changed++;
                }
                row.append(String.format(" %-14s", String.format("%.3f (%d)", (double) bytes / spmTokens, changed)));
            }
            System.out.println(row.append(' ').append(lines.size()));
        }

        long totalBytes = allLines.stream()
                .mapToLong(l -> l.getBytes(StandardCharsets.UTF_8).length)
                .sum();
        try (HfReference hf = new HfReference(work.resolve("ours/tokenizer.json"), false)) {
            for (String line : allLines.subList(0, Math.min(2000, allLines.size()))) {
                if (!java.util.Arrays.equals(ours.encode(line, false), hf.encode(line))) {
                    throw new IllegalStateException("ids differ from Hugging Face on: " + line);
                }
            }
            for (int threadCount : new int[] {1, threads}) {
                double oursMbps = throughput(allLines, totalBytes, threadCount, l -> ours.encode(l, false));
                double hfMbps = throughput(allLines, totalBytes, threadCount, hf::encode);
                System.out.printf(
                        "encode, %d thread(s): ours %.1f MB/s, Hugging Face %.1f MB/s (%.2fx)%n",
                        threadCount, oursMbps, hfMbps, oursMbps / hfMbps);
            }
        }
    }

    private static List<Path> corpusFiles(Path corpus, String suffix) throws IOException {
        try (Stream<Path> s = Files.list(corpus)) {
            return s.filter(p -> p.toString().endsWith(suffix)).sorted().toList();
        }
    }

    /** Best of three passes over all lines, split into one contiguous share per thread. */
    private static double throughput(List<String> lines, long bytes, int threads, Function<String, int[]> encode)
            throws Exception {
        double best = 0;
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            for (int pass = 0; pass < 4; pass++) {
                long t0 = System.nanoTime();
                List<Future<?>> parts = new ArrayList<>();
                int share = (lines.size() + threads - 1) / threads;
                for (int t = 0; t < threads; t++) {
                    List<String> mine =
                            lines.subList(Math.min(lines.size(), t * share), Math.min(lines.size(), (t + 1) * share));
                    parts.add(pool.submit(() -> mine.forEach(encode::apply)));
                }
                for (Future<?> f : parts) f.get();
                double mbps = bytes / 1e6 / ((System.nanoTime() - t0) / 1e9);
                if (pass > 0) best = Math.max(best, mbps); // pass 0 warms up
            }
        }
        return best;
    }

    private static String run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (p.waitFor() != 0) throw new IOException(command.getFirst() + " failed");
        return out;
    }
}
