package ai.enclave.runtime.tokenizer.train;

import ai.enclave.runtime.tokenizer.Normalizer;
import ai.enclave.runtime.tokenizer.PreTokenizer;
import ai.enclave.runtime.tokenizer.TokenizerException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Counts pre-tokenized words over a stream of text files, the only thing BPE training needs from the
 * corpus: memory grows with distinct words, not with corpus size. Lines are pre-tokenized in
 * parallel, in batches, with the same normalizer and pre-tokenizer the finished tokenizer uses. When the table
 * passes {@code maxWords} distinct words, the rarest are dropped (their counts could not reach a
 * merge anyway at that scale), which keeps multi-GB corpora in bounded memory.
 */
public final class WordCounter {
    private static final int BATCH_CHARS = 1 << 20;

    private final Normalizer normalizer; // null for none
    private final PreTokenizer preTokenizer;
    private final int maxWords;
    private final Map<String, long[]> counts = new HashMap<>();
    private long pruneBelow = 2;
    private long bytesRead;

    public WordCounter(TrainerConfig config, int maxWords) {
        this.normalizer = config.normalizer();
        this.preTokenizer = config.preTokenizer();
        this.maxWords = maxWords;
    }

    /** Counts every line of every file (UTF-8; an invalid byte fails naming the file and its offset). */
    public void countFiles(List<Path> files) throws IOException {
        int threads = Runtime.getRuntime().availableProcessors();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads)) {
            List<Future<Map<String, long[]>>> pending = new ArrayList<>();
            for (Path file : files) {
                countFile(file, pool, pending, threads);
            }
            drain(pending);
        }
    }

    /** Decodes the file in 1 MB blocks so an invalid byte is reported at its exact offset. */
    private void countFile(Path file, ExecutorService pool, List<Future<Map<String, long[]>>> pending, int threads)
            throws IOException {
        var decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer bytes = ByteBuffer.allocate(1 << 20);
        CharBuffer chars = CharBuffer.allocate(1 << 20);
        StringBuilder partialLine = new StringBuilder();
        List<String> batch = new ArrayList<>();
        int batchChars = 0;
        long consumed = 0;
        try (InputStream in = Files.newInputStream(file)) {
            boolean eof = false;
            while (!eof) {
                int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
                eof = n < 0;
                if (n > 0) bytes.position(bytes.position() + n);
                bytes.flip();
                int before = bytes.position();
                CoderResult result = decoder.decode(bytes, chars, eof);
                if (result.isError()) {
                    throw new TokenizerException(
                            file + ": invalid UTF-8 at byte " + (consumed + bytes.position() - before));
                }
                consumed += bytes.position() - before;
                bytes.compact();
                chars.flip();
                for (int i = 0; i < chars.length(); i++) {
                    char c = chars.charAt(i);
                    partialLine.append(c);
                    if (c == '\n' || (eof && i == chars.length() - 1)) {
                        batch.add(partialLine.toString());
                        batchChars += partialLine.length();
                        bytesRead += partialLine.length();
                        partialLine.setLength(0);
                    }
                }
                chars.clear();
                if (batchChars >= BATCH_CHARS || eof) {
                    List<String> lines = batch;
                    pending.add(pool.submit(() -> countLines(lines)));
                    batch = new ArrayList<>();
                    batchChars = 0;
                    if (pending.size() >= 2 * threads) drain(pending);
                }
            }
            if (!partialLine.isEmpty()) {
                String last = partialLine.toString();
                bytesRead += last.length();
                pending.add(pool.submit(() -> countLines(List.of(last))));
            }
        } catch (java.nio.file.NoSuchFileException e) {
            throw new TokenizerException(file + ": no such file");
        }
    }

    /** Counts the words of one text (used by tests and callers holding text in memory). */
    public void countText(String text) {
        merge(countLines(List.of(text)));
    }

    private void drain(List<Future<Map<String, long[]>>> pending) {
        for (Future<Map<String, long[]>> f : pending) {
            try {
                merge(f.get());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new TokenizerException("word counting interrupted");
            } catch (java.util.concurrent.ExecutionException e) {
                if (e.getCause() instanceof RuntimeException r) throw r;
                throw new TokenizerException("word counting failed: " + e.getCause(), e.getCause());
            }
        }
        pending.clear();
    }

    private Map<String, long[]> countLines(List<String> lines) {
        Map<String, long[]> local = new HashMap<>();
        List<PreTokenizer.Piece> pieces = new ArrayList<>();
        for (String line : lines) {
            pieces.clear();
            // the normalizer acts on lines, so this sees the words of the whole text, except that a
            // run of blank lines counts as one line break per line
            String text = normalizer == null ? line : normalizer.normalize(line);
            preTokenizer.split(new PreTokenizer.Piece(text, true), pieces);
            for (PreTokenizer.Piece p : pieces) local.computeIfAbsent(p.text(), k -> new long[1])[0]++;
        }
        return local;
    }

    private void merge(Map<String, long[]> local) {
        local.forEach((word, c) -> counts.computeIfAbsent(word, k -> new long[1])[0] += c[0]);
        while (counts.size() > maxWords) {
            long threshold = pruneBelow;
            counts.values().removeIf(c -> c[0] < threshold);
            pruneBelow *= 2;
        }
    }

    public Map<String, long[]> counts() {
        return counts;
    }

    /** Characters read so far (UTF-16 units, newlines included). */
    public long charsRead() {
        return bytesRead;
    }
}
