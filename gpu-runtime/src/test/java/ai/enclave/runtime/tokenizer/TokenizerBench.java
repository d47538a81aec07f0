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
 * SentencePiece's spm_train (BPE, same vocabulary size, same files), then encode throughput against
 * the Hugging Face library on the same tokenizer.json and text, one thread and all threads.
 * Corpus: src/test/python/tokenizer/make_bench_corpus.sh. Run from gpu-runtime/ with the test
 * classpath: TokenizerBench CORPUS_DIR VOCAB_SIZE WORK_DIR
 */
public final class TokenizerBench {
    public static void main(String[] args) throws Exception {
        Path corpus = Path.of(args[0]);
        int vocabSize = Integer.parseInt(args[1]);
        Path work = Path.of(args[2]);
        List<Path> train;
        try (Stream<Path> s = Files.list(corpus)) {
            train = s.filter(p -> p.toString().endsWith(".train.txt")).sorted().toList();
        }
        Files.createDirectories(work);
        long t0 = System.nanoTime();
        TokenizerTraining.train(train, TrainerConfig.byteLevel(vocabSize), work.resolve("ours/tokenizer.json"));
        double oursSeconds = (System.nanoTime() - t0) / 1e9;
        t0 = System.nanoTime();
        int threads = Runtime.getRuntime().availableProcessors();
        run(List.of(
                "spm_train",
                "--input=" + String.join(",", train.stream().map(Path::toString).toList()),
                "--model_prefix=" + work.resolve("spm"),
                "--model_type=bpe",
                "--vocab_size=" + vocabSize,
                "--character_coverage=0.9995",
                "--byte_fallback=true",
                "--num_threads=" + threads,
                "--input_sentence_size=100000000",
                "--max_sentence_length=100000",
                "--minloglevel=2"));
        double spmSeconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf("training, vocab %d: ours %.1f s, spm_train %.1f s%n", vocabSize, oursSeconds, spmSeconds);

        Tokenizer ours = Tokenizer.load(work.resolve("ours"));
        System.out.println("held-out UTF-8 bytes per token (higher is better): language ours spm");
        List<String> allLines = new ArrayList<>();
        try (Stream<Path> s = Files.list(corpus)) {
            for (Path heldOut : s.filter(p -> p.toString().endsWith(".heldout.txt"))
                    .sorted()
                    .toList()) {
                String text = Files.readString(heldOut);
                List<String> lines = text.lines().toList();
                allLines.addAll(lines);
                long bytes = 0, oursTokens = 0;
                for (String line : lines) {
                    bytes += line.getBytes(StandardCharsets.UTF_8).length;
                    oursTokens += ours.encode(line, false).length;
                }
                String ids = run(List.of(
                        "spm_encode",
                        "--model=" + work.resolve("spm.model"),
                        "--output_format=id",
                        "--input=" + heldOut));
                long spmTokens = ids.isBlank() ? 0 : ids.trim().split("\\s+").length;
                System.out.printf(
                        "  %-8s %.3f %.3f%n",
                        heldOut.getFileName().toString().replace(".heldout.txt", ""),
                        (double) bytes / oursTokens,
                        (double) bytes / spmTokens);
            }
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
