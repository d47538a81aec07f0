package ai.enclave.runtime.tokenizer;

import ai.enclave.runtime.tokenizer.train.TokenizerTraining;
import ai.enclave.runtime.tokenizer.train.TrainerConfig;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Real tokenizer.json files for the tests, made by our trainer from the committed multilingual corpus
 * and then rewritten into the layouts of well-known model families (GPT-2, Llama-3, Qwen2, Llama-2 /
 * Mistral), so no file is downloaded from a hub.
 */
final class TokenizerFixtures {
    static final Path CORPUS = Path.of("src/test/resources/tokenizer/multilingual.txt");

    private TokenizerFixtures() {}

    static String corpus() {
        try {
            return Files.readString(CORPUS, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Our trainer's own output: Split(default regex) + ByteLevel. */
    static Path trainedByteLevel(Path dir, int vocabSize) throws IOException {
        Path file = dir.resolve("bytelevel/tokenizer.json");
        TokenizerTraining.train(
                List.of(CORPUS),
                new TrainerConfig(
                        vocabSize,
                        2,
                        TrainerConfig.DEFAULT_SPECIALS,
                        TrainerConfig.DEFAULT_REGEX,
                        TrainerConfig.Style.BYTE_LEVEL,
                        TrainerConfig.DEFAULT_SCRIPT_BALANCE),
                file);
        return file;
    }

    /** Our trainer's SentencePiece-style output: Metaspace, byte fallback, <unk>. */
    static Path trainedSentencePiece(Path dir, int vocabSize) throws IOException {
        Path file = dir.resolve("sentencepiece/tokenizer.json");
        TokenizerTraining.train(
                List.of(CORPUS),
                new TrainerConfig(
                        vocabSize,
                        2,
                        TrainerConfig.SENTENCEPIECE_SPECIALS,
                        TrainerConfig.DEFAULT_REGEX,
                        TrainerConfig.Style.SENTENCEPIECE,
                        TrainerConfig.DEFAULT_SCRIPT_BALANCE),
                file);
        return file;
    }

    /** GPT-2: ByteLevel pre-tokenizer with its own regex, no BOS. */
    static Path gpt2(Path dir) throws IOException {
        return rewrite(trainedByteLevel(dir, 800), dir.resolve("gpt2/tokenizer.json"), root -> {
            root.putObject("pre_tokenizer")
                    .put("type", "ByteLevel")
                    .put("add_prefix_space", false)
                    .put("trim_offsets", true)
                    .put("use_regex", true);
        });
    }

    /** Llama-3: Split(Llama-3 regex) + ByteLevel, ignore_merges, a BOS from TemplateProcessing. */
    static Path llama3(Path dir) throws IOException {
        return rewrite(trainedByteLevel(dir, 800), dir.resolve("llama3/tokenizer.json"), root -> {
            ((ObjectNode) root.get("pre_tokenizer").get("pretokenizers").get(0).get("pattern"))
                    .put("Regex", SplitScanner.LLAMA3_REGEX);
            ((ObjectNode) root.get("model")).put("ignore_merges", true);
            templateBos(root, "<|endoftext|>", 0);
        });
    }

    /** Qwen2: NFC normalizer, Split(Qwen2 regex, single digits) + ByteLevel. */
    static Path qwen2(Path dir) throws IOException {
        return rewrite(trainedByteLevel(dir, 800), dir.resolve("qwen2/tokenizer.json"), root -> {
            ((ObjectNode) root.get("pre_tokenizer").get("pretokenizers").get(0).get("pattern"))
                    .put("Regex", SplitScanner.QWEN2_REGEX);
            root.putObject("normalizer").put("type", "NFC");
        });
    }

    /** Mistral / Llama-2 as converted today: Metaspace(first), byte fallback, BOS <s>. */
    static Path mistral(Path dir) throws IOException {
        return rewrite(trainedSentencePiece(dir, 900), dir.resolve("mistral/tokenizer.json"), root -> {
            ((ObjectNode) root.get("pre_tokenizer")).put("split", false);
            templateBos(root, "<s>", 1);
        });
    }

    /** Llama-2 as converted by older transformers: Prepend + Replace normalizer, no pre-tokenizer. */
    static Path llama2Legacy(Path dir) throws IOException {
        return rewrite(trainedSentencePiece(dir, 900), dir.resolve("llama2/tokenizer.json"), root -> {
            ObjectNode normalizer = root.putObject("normalizer").put("type", "Sequence");
            var list = normalizer.putArray("normalizers");
            list.addObject().put("type", "Prepend").put("prepend", "\u2581");
            ObjectNode replace = list.addObject().put("type", "Replace");
            replace.putObject("pattern").put("String", " ");
            replace.put("content", "\u2581");
            root.putNull("pre_tokenizer");
            templateBos(root, "<s>", 1);
        });
    }

    private static void templateBos(ObjectNode root, String bos, int id) {
        ObjectNode post = root.putObject("post_processor").put("type", "TemplateProcessing");
        post.putArray("single")
                .addObject()
                .putObject("SpecialToken")
                .put("id", bos)
                .put("type_id", 0);
        ((com.fasterxml.jackson.databind.node.ArrayNode) post.get("single"))
                .addObject()
                .putObject("Sequence")
                .put("id", "A")
                .put("type_id", 0);
        var pair = post.putArray("pair");
        pair.addObject().putObject("SpecialToken").put("id", bos).put("type_id", 0);
        pair.addObject().putObject("Sequence").put("id", "A").put("type_id", 0);
        pair.addObject().putObject("Sequence").put("id", "B").put("type_id", 1);
        ObjectNode special = post.putObject("special_tokens").putObject(bos);
        special.put("id", bos);
        special.putArray("ids").add(id);
        special.putArray("tokens").add(bos);
    }

    interface Edit {
        void apply(ObjectNode root) throws IOException;
    }

    static Path rewrite(Path from, Path to, Edit edit) throws IOException {
        ObjectNode root = (ObjectNode) TokenizerJson.JSON.readTree(from.toFile());
        edit.apply(root);
        Files.createDirectories(to.getParent());
        Files.write(to, TokenizerJson.JSON.writeValueAsBytes(root));
        return to;
    }
}
