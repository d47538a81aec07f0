package ai.enclave.connectors.bench;

import static org.assertj.core.api.Assertions.assertThat;

import ai.enclave.connectors.pipeline.MinHash;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CorpusGeneratorTest {
    private final CorpusGenerator generator = new CorpusGenerator(3, 0.8, 5);

    @Test
    void the_same_seed_and_number_give_the_same_document() {
        for (int i = 0; i < 200; i += 17) {
            assertThat(generator.document(i)).isEqualTo(generator.document(i));
        }
        assertThat(new CorpusGenerator(4, 0.8, 5).document(5).text())
                .isNotEqualTo(generator.document(5).text());
    }

    @Test
    void near_copies_are_above_the_threshold_and_not_exact(@TempDir Path dir) throws IOException {
        CorpusGenerator.Truth truth = generator.write(dir, 3_000_000, 2);

        long near = truth.pairs().stream().filter(p -> !p.exact()).count();
        assertThat(near).isGreaterThan(20);
        for (CorpusGenerator.Pair p : truth.pairs()) {
            String copy = generator.document(p.copy()).text();
            String original = generator.document(p.original()).text();
            assertThat(p.original()).isLessThan(p.copy());
            if (p.exact()) {
                assertThat(copy).isEqualTo(original);
            } else {
                double j = CorpusGenerator.jaccard(MinHash.shingleHashes(copy, 5), MinHash.shingleHashes(original, 5));
                assertThat(j)
                        .isEqualTo(p.jaccard())
                        .isGreaterThanOrEqualTo(0.84)
                        .isLessThan(1);
            }
        }
    }

    @Test
    void parts_are_jsonl_files_and_a_share_of_text_and_source_files(@TempDir Path dir) throws IOException {
        generator.write(dir, 3_000_000, 2);

        try (Stream<Path> jsonl = Files.list(dir.resolve("jsonl"));
                Stream<Path> share = Files.walk(dir.resolve("share"))) {
            assertThat(jsonl.count()).isGreaterThanOrEqualTo(2);
            assertThat(share.map(p -> p.getFileName().toString()))
                    .anyMatch(n -> n.endsWith(".txt"))
                    .anyMatch(n -> n.endsWith(".py"))
                    .anyMatch(n -> n.endsWith(".java"))
                    .anyMatch(n -> n.endsWith(".md"));
        }
    }
}
