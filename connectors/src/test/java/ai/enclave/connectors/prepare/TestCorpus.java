package ai.enclave.connectors.prepare;

import ai.enclave.connectors.testing.Prose;
import ai.enclave.runtime.tokenizer.train.TokenizerTraining;
import ai.enclave.runtime.tokenizer.train.TrainerConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * A small company share and an open dataset with planted problems: a footer on every file, an exact
 * copy, a near copy, a too-short note, personal data, a corrupt PDF; plus a byte-level tokenizer
 * trained on the same words by the engine's trainer.
 */
final class TestCorpus {
    static final String FOOTER = "ACME Corp - internal use only - printed copies are uncontrolled";
    static final String EMAIL = "jane.doe@acme.example.com";
    static final int PROSE_FILES = 30;

    private TestCorpus() {}

    static void write(Path share, Path dataset) throws IOException {
        Random r = new Random(42);
        Files.createDirectories(share.resolve("handbook"));
        String first = null;
        for (int i = 0; i < PROSE_FILES; i++) {
            String text = paragraphs(r, 5) + "\n" + FOOTER + "\n";
            if (i == 0) first = text;
            Files.writeString(share.resolve("handbook/page-" + i + ".txt"), text);
        }
        Files.writeString(share.resolve("handbook/copy-of-page-0.txt"), first);
        Files.writeString(share.resolve("handbook/page-0-v2.txt"), first.replaceFirst("\\b(\\w+)\\.", "$1 indeed."));
        Files.writeString(share.resolve("handbook/short-note.txt"), "Back at three.\n" + FOOTER + "\n");
        Files.writeString(
                share.resolve("handbook/contacts.txt"),
                paragraphs(r, 3) + " Questions go to " + EMAIL + " or +49 30 1234 5678.\n" + FOOTER + "\n");
        Files.writeString(share.resolve("handbook/broken.pdf"), "%PDF-1.7\nnot a pdf at all\n%%EOF");
        Files.createDirectories(dataset);
        StringBuilder jsonl = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            jsonl.append("{\"content\": \"")
                    .append(paragraphs(r, 4).replace("\n", "\\n"))
                    .append("\"}\n");
        }
        Files.writeString(dataset.resolve("open.jsonl"), jsonl);
    }

    static Path tokenizer(Path dir, Path share) throws IOException {
        Files.createDirectories(dir);
        try (var files = Files.list(share.resolve("handbook"))) {
            List<Path> txt =
                    files.filter(p -> p.toString().endsWith(".txt")).sorted().toList();
            TokenizerTraining.train(txt, TrainerConfig.byteLevel(500), dir.resolve("tokenizer.json"));
        }
        return dir;
    }

    static String json(Path share, Path dataset, Path tokenizer, Path out) {
        return """
                {
                  "sources": [
                    {"name": "share", "type": "directory", "config": {"root": "%s"}},
                    {"name": "open", "type": "jsonl", "config": {"path": "%s", "textField": "content"}}
                  ],
                  "tokenizer": "%s",
                  "output": "%s",
                  "validationFraction": 0.2,
                  "shardTokens": 4000,
                  "boilerplate": {"minDocuments": 5, "minDocumentFraction": 0.2},
                  "quality": {"minWords": 20},
                  "dedup": {"jaccardThreshold": 0.7}
                }
                """.formatted(share, dataset, tokenizer, out);
    }

    private static String paragraphs(Random r, int n) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < n; i++) sb.append(Prose.paragraph(r, 3)).append('\n');
        return sb.toString().strip();
    }
}
