package ai.enclave.connectors.bench;

import ai.enclave.connectors.pipeline.MinHash;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * Writes the {@code data bench} corpus and keeps its ground truth: parts of {@value #PART_DOCUMENTS}
 * documents, most as JSON Lines files ({@code jsonl/part-NNNNN.jsonl}, fields {@code id}, {@code text})
 * and every {@value #SHARE_EVERY}th (from the second) as a directory of text and source files ({@code share/part-NNNNN/}),
 * written in parallel. Document {@code i} is a pure function of (seed, i), so a copy can regenerate its
 * original in any part: that is how exact copies and near copies (a few words replaced, deleted or
 * inserted until the shingle Jaccard similarity lies between the threshold + 0.04 and 1) are planted
 * across parts and sources. Planted personal data is recorded per document. Not a general-purpose
 * data generator: its mix is what exercises every pipeline stage.
 */
final class CorpusGenerator {
    static final int PART_DOCUMENTS = 500;
    static final int SHARE_EVERY = 8;
    /** Every share file gets this modification time, so the directory connector reads them in name order. */
    private static final FileTime SHARE_TIME = FileTime.from(Instant.parse("2025-01-01T00:00:00Z"));

    private static final JsonFactory JSON = new JsonFactory();

    /** A planted copy: document {@code copy} repeats {@code original} exactly or with edits (jaccard < 1). */
    record Pair(int copy, int original, boolean exact, double jaccard) {}

    /** What was written: documents, characters, the planted copies, and the planted PII per document. */
    record Truth(int documents, long chars, long bytes, List<Pair> pairs, Map<Integer, List<String>> pii) {}

    private enum Kind {
        PROSE,
        PROSE_WITH_PII,
        CONFIG,
        TABLE,
        CODE,
        NOTE
    }

    /** One generated document: its text, kind, planted items and (for a copy) what it copies. */
    record Doc(String text, Kind kind, boolean python, List<String> pii, Pair copyOf) {}

    private final long seed;
    private final double jaccardThreshold;
    private final int shingleWords;

    CorpusGenerator(long seed, double jaccardThreshold, int shingleWords) {
        this.seed = seed;
        this.jaccardThreshold = jaccardThreshold;
        this.shingleWords = shingleWords;
    }

    /** Writes about {@code targetChars} characters of documents under {@code dir} on {@code threads} threads. */
    Truth write(Path dir, long targetChars, int threads) throws IOException {
        Files.createDirectories(dir.resolve("jsonl"));
        Files.createDirectories(dir.resolve("share"));
        PartResult first = writePart(dir, 0);
        int parts = (int) Math.max(2, Math.round((double) targetChars / Math.max(1, first.chars)));
        List<PartResult> results = new ArrayList<>(List.of(first));
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<PartResult>> futures = new ArrayList<>();
            for (int p = 1; p < parts; p++) {
                int part = p;
                futures.add(pool.submit(() -> writePart(dir, part)));
            }
            for (Future<PartResult> f : futures) results.add(f.get());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while writing the corpus", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof UncheckedIOException u ? u.getCause() : new IOException(e.getCause());
        } finally {
            pool.shutdown();
        }
        // One modification time for every file: the file connectors read in (time, name) order, and parts
        // written in parallel would otherwise be read in a different order each run (and another copy of
        // a planted pair dropped, another snapshot id).
        FileTime written = FileTime.from(Instant.parse("2026-01-01T00:00:00Z"));
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) Files.setLastModifiedTime(f, written);
        }
        List<Pair> pairs = new ArrayList<>();
        Map<Integer, List<String>> pii = new HashMap<>();
        long chars = 0, bytes = 0;
        for (PartResult r : results) {
            pairs.addAll(r.pairs);
            pii.putAll(r.pii);
            chars += r.chars;
            bytes += r.bytes;
        }
        return new Truth(parts * PART_DOCUMENTS, chars, bytes, pairs, pii);
    }

    /** The first documents' text, for training the bench's tokenizer on a slice of the corpus. */
    String sample(int documents) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < documents; i++) sb.append(document(i).text).append('\n');
        return sb.toString();
    }

    private record PartResult(long chars, long bytes, List<Pair> pairs, Map<Integer, List<String>> pii) {}

    private PartResult writePart(Path dir, int part) {
        boolean share = part % SHARE_EVERY == 1;
        List<Pair> pairs = new ArrayList<>();
        Map<Integer, List<String>> pii = new HashMap<>();
        long chars = 0, bytes = 0;
        try {
            Path shareDir = dir.resolve("share").resolve(String.format("part-%05d", part));
            if (share) Files.createDirectories(shareDir);
            Path jsonl = dir.resolve("jsonl").resolve(String.format("part-%05d.jsonl", part));
            try (OutputStream out = share ? OutputStream.nullOutputStream() : Files.newOutputStream(jsonl);
                    JsonGenerator json = JSON.createGenerator(out)) {
                json.setRootValueSeparator(null);
                for (int k = 0; k < PART_DOCUMENTS; k++) {
                    int i = part * PART_DOCUMENTS + k;
                    Doc d = document(i);
                    if (d.copyOf != null) pairs.add(d.copyOf);
                    if (!d.pii.isEmpty()) pii.put(i, d.pii);
                    chars += d.text.length();
                    if (share) {
                        byte[] utf8 = d.text.getBytes(StandardCharsets.UTF_8);
                        Path file = shareDir.resolve(id(i) + extension(d));
                        Files.write(file, utf8);
                        Files.setLastModifiedTime(file, SHARE_TIME);
                        bytes += utf8.length;
                    } else {
                        json.writeStartObject();
                        json.writeStringField("id", id(i));
                        json.writeStringField("text", d.text);
                        json.writeEndObject();
                        json.writeRaw('\n');
                    }
                }
            }
            if (!share) bytes += Files.size(jsonl);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new PartResult(chars, bytes, pairs, pii);
    }

    static String id(int i) {
        return String.format("doc-%09d", i);
    }

    /** The document number in a pipeline id such as {@code corpus/part-00001.jsonl#doc-000000512}; -1 if none. */
    static int index(String pipelineId) {
        int at = pipelineId.lastIndexOf("doc-");
        if (at < 0 || at + 13 > pipelineId.length()) return -1;
        try {
            return Integer.parseInt(pipelineId.substring(at + 4, at + 13));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static String extension(Doc d) {
        return switch (d.kind) {
            case CODE -> d.python ? ".py" : ".java";
            case TABLE -> ".md";
            default -> ".txt";
        };
    }

    private SplittableRandom random(int i) {
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + i);
    }

    /** The first draws of document i: its kind and language, without generating its text. */
    private Kind kind(SplittableRandom r) {
        int x = r.nextInt(100);
        if (x < 50) return Kind.PROSE;
        if (x < 64) return Kind.PROSE_WITH_PII;
        if (x < 72) return Kind.CONFIG;
        if (x < 82) return Kind.TABLE;
        if (x < 95) return Kind.CODE;
        return Kind.NOTE;
    }

    /** Prose in a space-separated language the quality rules keep: what a copy may copy. */
    private boolean copyable(int i) {
        SplittableRandom r = random(i);
        if (r.nextInt(100) < 8) return false; // itself a copy
        Kind k = kind(r);
        if (k != Kind.PROSE && k != Kind.PROSE_WITH_PII) return false;
        Texts.Language l = Texts.language(r);
        return l.spaced() && l != Texts.AR && l != Texts.HI;
    }

    Doc document(int i) {
        SplittableRandom r = random(i);
        int copy = r.nextInt(100);
        if (copy < 8 && i > 0) {
            SplittableRandom c = r.split();
            for (int attempt = 0; attempt < 8; attempt++) {
                int original = i - 1 - c.nextInt(Math.min(i, 50_000));
                if (copyable(original)) return copy < 4 ? exactCopy(i, original) : nearCopy(c, i, original);
            }
        }
        Kind kind = kind(r);
        Texts.Language l = Texts.language(r);
        List<String> pii = new ArrayList<>();
        StringBuilder sb = new StringBuilder(6000);
        boolean header = r.nextInt(4) == 0, footer = r.nextInt(2) == 0;
        if (header)
            sb.append(Texts.BOILERPLATE[r.nextInt(Texts.BOILERPLATE.length)]).append("\n\n");
        boolean python = r.nextBoolean();
        switch (kind) {
            case PROSE -> Texts.prose(sb, r, l, 3 + r.nextInt(8));
            case PROSE_WITH_PII -> {
                Texts.prose(sb, r, l.spaced() ? l : Texts.EN, 2 + r.nextInt(3));
                for (int n = 1 + r.nextInt(3); n > 0; n--) {
                    sb.append("\n\n");
                    piiSentence(sb, r, pii);
                    sb.append(' ');
                    Texts.sentence(sb, r, Texts.EN);
                }
                sb.append("\n\n");
                Texts.prose(sb, r, Texts.EN, 1 + r.nextInt(3));
            }
            case CONFIG -> {
                Texts.prose(sb, r, Texts.EN, 1 + r.nextInt(2));
                sb.append("\n\n");
                config(sb, r, pii);
                sb.append('\n');
                Texts.prose(sb, r, Texts.EN, 1 + r.nextInt(2));
            }
            case TABLE -> Texts.tableOrList(sb, r);
            case CODE -> Texts.code(sb, r, python);
            case NOTE -> Texts.sentence(sb, r, l);
        }
        if (footer) sb.append("\n\n").append(Texts.BOILERPLATE[r.nextInt(Texts.BOILERPLATE.length)]);
        return new Doc(sb.toString(), kind, python, pii, null);
    }

    private Doc exactCopy(int i, int original) {
        Doc o = document(original);
        return new Doc(o.text, o.kind, o.python, o.pii, new Pair(i, original, true, 1.0));
    }

    /**
     * The original with about 1.5% of its words replaced, deleted or duplicated; fewer edits while the
     * shingle Jaccard similarity is below the threshold + 0.04 (at least one edit, so it is never exact).
     */
    private Doc nearCopy(SplittableRandom r, int i, int original) {
        Doc o = document(original);
        String[] words = o.text.split(" ");
        long[] base = MinHash.shingleHashes(o.text, shingleWords);
        for (int edits = Math.max(1, words.length * 3 / 200); ; edits = Math.max(1, edits / 2)) {
            String[] w = words.clone();
            for (int e = 0; e < edits; e++) {
                int at = r.nextInt(w.length);
                w[at] = switch (r.nextInt(3)) {
                    case 0 -> Texts.EN.words()[20 + r.nextInt(Texts.EN.words().length - 20)];
                    case 1 -> "";
                    default -> w[at] + " " + w[at];
                };
            }
            String text =
                    String.join(" ", Arrays.stream(w).filter(s -> !s.isEmpty()).toList());
            double j = jaccard(base, MinHash.shingleHashes(text, shingleWords));
            if (!text.equals(o.text) && (j >= jaccardThreshold + 0.04 || edits == 1) && j < 1) {
                return new Doc(text, o.kind, o.python, o.pii, new Pair(i, original, false, j));
            }
            if (edits == 1) return exactCopy(i, original);
        }
    }

    static double jaccard(long[] a, long[] b) {
        long[] x = Arrays.stream(a).distinct().sorted().toArray();
        long[] y = Arrays.stream(b).distinct().sorted().toArray();
        int i = 0, j = 0, both = 0;
        while (i < x.length && j < y.length) {
            if (x[i] == y[j]) {
                both++;
                i++;
                j++;
            } else if (x[i] < y[j]) i++;
            else j++;
        }
        return (double) both / (x.length + y.length - both);
    }

    private static void piiSentence(StringBuilder sb, SplittableRandom r, List<String> pii) {
        switch (r.nextInt(6)) {
            case 0 -> {
                String email = Texts.email(r), phone = Texts.phone(r);
                sb.append("For questions write to ")
                        .append(email)
                        .append(" or call ")
                        .append(phone)
                        .append('.');
                pii.add(email);
                pii.add(phone);
            }
            case 1 -> {
                String card = Texts.card(r);
                sb.append("The corporate card ").append(card).append(" was charged for the hotel.");
                pii.add(card);
            }
            case 2 -> {
                String iban = Texts.iban(r);
                sb.append("Please transfer the amount to IBAN ").append(iban).append(" within thirty days.");
                pii.add(iban);
            }
            case 3 -> {
                String ip = Texts.ipv4(r);
                sb.append("The build server at ").append(ip).append(" was restarted after the incident.");
                pii.add(ip);
            }
            case 4 -> {
                String ssn = Texts.ssn(r);
                sb.append("Her social security number ").append(ssn).append(" is on file with payroll.");
                pii.add(ssn);
            }
            default -> {
                String phone = Texts.phone(r);
                sb.append("The on-call number is ").append(phone).append(", day and night.");
                pii.add(phone);
            }
        }
    }

    /** An application.properties excerpt with credentials, keys and sometimes a private key. */
    private static void config(StringBuilder sb, SplittableRandom r, List<String> pii) {
        String ip = Texts.ipv4(r), password = Texts.password(r), apiKey = Texts.apiKeyValue(r);
        sb.append("server.port=8080\n");
        sb.append("db.url=jdbc:postgresql://").append(ip).append(":5432/orders\n");
        sb.append("db.user=orders_app\n");
        sb.append("db.password=").append(password).append('\n');
        sb.append("payment.api_key=").append(apiKey).append('\n');
        pii.addAll(List.of(ip, password, apiKey));
        if (r.nextBoolean()) {
            String aws = Texts.awsKey(r);
            sb.append("aws.access_key_id = ").append(aws).append('\n');
            pii.add(aws);
        }
        if (r.nextBoolean()) {
            String gh = Texts.githubToken(r);
            sb.append("github.token: ").append(gh).append('\n');
            pii.add(gh);
        }
        if (r.nextInt(4) == 0) {
            String body = Texts.privateKeyBody(r);
            sb.append("-----BEGIN RSA PRIVATE KEY-----\n").append(body).append('\n');
            for (int i = 0; i < 3; i++) sb.append(Texts.privateKeyBody(r)).append('\n');
            sb.append("-----END RSA PRIVATE KEY-----\n");
            pii.add(body);
        }
    }
}
