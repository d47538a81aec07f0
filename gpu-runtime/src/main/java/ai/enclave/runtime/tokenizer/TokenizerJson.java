package ai.enclave.runtime.tokenizer;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads and writes Hugging Face tokenizer.json. Reading accepts the BPE model and the normalizers,
 * pre-tokenizers, post-processors and decoders byte-level and SentencePiece-style models use; anything
 * else fails with a message naming the file, the JSON path and what is supported. Writing emits the
 * layout our trainer produces, in the form the Hugging Face library loads.
 */
public final class TokenizerJson {
    static final ObjectMapper JSON = new ObjectMapper();

    private final String file;

    private TokenizerJson(String file) {
        this.file = file;
    }

    /** Reads {@code tokenizer.json} from a model directory, or the given file. */
    public static Tokenizer read(Path dirOrFile) throws IOException {
        Path path = Files.isDirectory(dirOrFile) ? dirOrFile.resolve("tokenizer.json") : dirOrFile;
        JsonNode root;
        try {
            root = JSON.readTree(Files.readAllBytes(path));
        } catch (NoSuchFileException e) {
            throw new TokenizerException(path + ": no such file");
        } catch (JsonProcessingException e) {
            throw new TokenizerException(
                    path + ": malformed JSON at line " + e.getLocation().getLineNr() + ", column "
                            + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage());
        }
        return new TokenizerJson(path.toString()).parse(root);
    }

    /** Parses an already read tokenizer.json; {@code name} is used in error messages. */
    public static Tokenizer parse(String name, JsonNode root) {
        return new TokenizerJson(name).parse(root);
    }

    private Tokenizer parse(JsonNode root) {
        if (root == null || !root.isObject()) throw error("", "expected a JSON object");
        Bpe model = model(field(root, "model", "", true));
        List<AddedToken> added = addedTokens(root.path("added_tokens"));
        Map<String, Integer> addedIds = new HashMap<>();
        for (AddedToken t : added) addedIds.put(t.content(), t.id());
        List<Integer> prefix = new ArrayList<>();
        List<Integer> suffix = new ArrayList<>();
        postProcessor(root.get("post_processor"), "post_processor", prefix, suffix, addedIds, model);
        return new Tokenizer(
                normalizer(root.get("normalizer"), "normalizer"),
                preTokenizer(root.get("pre_tokenizer"), "pre_tokenizer"),
                model,
                decoder(root.get("decoder"), "decoder"),
                added,
                prefix.stream().mapToInt(Integer::intValue).toArray(),
                suffix.stream().mapToInt(Integer::intValue).toArray());
    }

    private Bpe model(JsonNode m) {
        String type = m.has("type") ? text(m, "type", "model") : (m.has("merges") ? "BPE" : "(none)");
        if (!type.equals("BPE")) {
            throw error("model.type", "unsupported model type '" + type + "' (supported: BPE)");
        }
        if (m.hasNonNull("dropout") && m.get("dropout").asDouble() > 0) {
            throw error("model.dropout", "BPE dropout is not supported (it is a training-time option)");
        }
        for (String unsupported : List.of("continuing_subword_prefix", "end_of_word_suffix")) {
            if (m.hasNonNull(unsupported) && !m.get(unsupported).asText().isEmpty()) {
                throw error("model." + unsupported, "is not supported");
            }
        }
        JsonNode vocabNode = field(m, "vocab", "model", true);
        if (!vocabNode.isObject()) throw error("model.vocab", "expected an object of token to id");
        Map<String, Integer> vocab = new LinkedHashMap<>();
        vocabNode.properties().forEach(e -> {
            if (!e.getValue().canConvertToInt() || e.getValue().asInt() < 0) {
                throw error("model.vocab[\"" + e.getKey() + "\"]", "expected a non-negative integer id");
            }
            vocab.put(e.getKey(), e.getValue().asInt());
        });
        JsonNode mergesNode = field(m, "merges", "model", true);
        if (!mergesNode.isArray()) throw error("model.merges", "expected an array");
        List<String[]> merges = new ArrayList<>(mergesNode.size());
        for (int i = 0; i < mergesNode.size(); i++) {
            JsonNode merge = mergesNode.get(i);
            if (merge.isTextual()) {
                String[] parts = merge.asText().split(" ", -1);
                if (parts.length != 2) throw error("model.merges[" + i + "]", "expected \"left right\"");
                merges.add(parts);
            } else if (merge.isArray()
                    && merge.size() == 2
                    && merge.get(0).isTextual()
                    && merge.get(1).isTextual()) {
                merges.add(new String[] {merge.get(0).asText(), merge.get(1).asText()});
            } else throw error("model.merges[" + i + "]", "expected \"left right\" or [\"left\", \"right\"]");
        }
        try {
            return new Bpe(
                    vocab,
                    merges,
                    m.hasNonNull("unk_token") ? m.get("unk_token").asText() : null,
                    m.path("fuse_unk").asBoolean(false),
                    m.path("byte_fallback").asBoolean(false),
                    m.path("ignore_merges").asBoolean(false));
        } catch (TokenizerException e) {
            throw new TokenizerException(file + ": " + e.getMessage());
        }
    }

    private List<AddedToken> addedTokens(JsonNode node) {
        List<AddedToken> out = new ArrayList<>();
        if (node.isMissingNode() || node.isNull()) return out;
        if (!node.isArray()) throw error("added_tokens", "expected an array");
        for (int i = 0; i < node.size(); i++) {
            JsonNode t = node.get(i);
            String where = "added_tokens[" + i + "]";
            JsonNode id = field(t, "id", where, true);
            if (!id.canConvertToInt() || id.asInt() < 0) throw error(where + ".id", "expected a non-negative integer");
            out.add(new AddedToken(
                    id.asInt(),
                    text(t, "content", where),
                    t.path("special").asBoolean(false),
                    t.path("single_word").asBoolean(false),
                    t.path("lstrip").asBoolean(false),
                    t.path("rstrip").asBoolean(false),
                    t.path("normalized").asBoolean(!t.path("special").asBoolean(false))));
        }
        return out;
    }

    private Normalizer normalizer(JsonNode n, String where) {
        if (n == null || n.isNull()) return null;
        String type = text(n, "type", where);
        return switch (type) {
            case "NFC" -> new Normalizer.UnicodeForm(java.text.Normalizer.Form.NFC);
            case "NFD" -> new Normalizer.UnicodeForm(java.text.Normalizer.Form.NFD);
            case "NFKC" -> new Normalizer.UnicodeForm(java.text.Normalizer.Form.NFKC);
            case "NFKD" -> new Normalizer.UnicodeForm(java.text.Normalizer.Form.NFKD);
            case "Lowercase" -> new Normalizer.Lowercase();
            case "Prepend" -> new Normalizer.Prepend(text(n, "prepend", where));
            case "Replace" -> new Normalizer.Replace(pattern(n, where), text(n, "content", where));
            case "Sequence" -> {
                List<Normalizer> list = new ArrayList<>();
                JsonNode items = array(n, "normalizers", where);
                for (int i = 0; i < items.size(); i++) {
                    list.add(normalizer(items.get(i), where + ".normalizers[" + i + "]"));
                }
                Normalizer sequence = new Normalizer.Sequence(list);
                yield Normalizer.LineStartSpace.isWrittenForm(sequence) ? LINE_START_SPACE : sequence;
            }
            default ->
                throw error(
                        where + ".type",
                        "unsupported normalizer '" + type
                                + "' (supported: NFC, NFD, NFKC, NFKD, Lowercase, Prepend, Replace, Sequence)");
        };
    }

    private PreTokenizer preTokenizer(JsonNode n, String where) {
        if (n == null || n.isNull()) return null;
        String type = text(n, "type", where);
        return switch (type) {
            case "ByteLevel" ->
                new PreTokenizer.ByteLevelSplit(
                        n.path("add_prefix_space").asBoolean(true),
                        n.path("use_regex").asBoolean(true));
            case "Split" ->
                PreTokenizer.split(
                        pattern(n, where), behavior(n, where), n.path("invert").asBoolean(false));
            case "Metaspace" ->
                new PreTokenizer.Metaspace(
                        replacement(n, where),
                        prependScheme(n, where),
                        n.path("split").asBoolean(true));
            case "Digits" ->
                new PreTokenizer.Regex(
                        RegexTranslation.compile(n.path("individual_digits").asBoolean(false) ? "\\p{N}" : "\\p{N}+"),
                        PreTokenizer.Behavior.ISOLATED,
                        false);
            case "WhitespaceSplit" ->
                new PreTokenizer.Regex(RegexTranslation.compile("\\s+"), PreTokenizer.Behavior.REMOVED, false);
            case "Whitespace" ->
                new PreTokenizer.Regex(
                        RegexTranslation.compile("\\w+|[^\\w\\s]+"), PreTokenizer.Behavior.REMOVED, true);
            case "Sequence" -> {
                List<PreTokenizer> list = new ArrayList<>();
                JsonNode items = array(n, "pretokenizers", where);
                for (int i = 0; i < items.size(); i++) {
                    list.add(preTokenizer(items.get(i), where + ".pretokenizers[" + i + "]"));
                }
                yield PreTokenizer.sequence(list);
            }
            default ->
                throw error(
                        where + ".type",
                        "unsupported pre-tokenizer '" + type
                                + "' (supported: ByteLevel, Split, Metaspace, Digits, Whitespace, WhitespaceSplit, Sequence)");
        };
    }

    private void postProcessor(
            JsonNode n,
            String where,
            List<Integer> prefix,
            List<Integer> suffix,
            Map<String, Integer> addedIds,
            Bpe model) {
        if (n == null || n.isNull()) return;
        String type = text(n, "type", where);
        switch (type) {
            case "ByteLevel" -> {} // only adjusts offsets, which we do not produce
            case "TemplateProcessing" -> {
                JsonNode single = array(n, "single", where);
                boolean beforeSequence = true;
                for (int i = 0; i < single.size(); i++) {
                    JsonNode item = single.get(i);
                    if (item.has("Sequence")) {
                        beforeSequence = false;
                    } else if (item.has("SpecialToken")) {
                        String token = text(item.get("SpecialToken"), "id", where + ".single[" + i + "].SpecialToken");
                        for (int id : specialTokenIds(n, token, where, addedIds, model)) {
                            (beforeSequence ? prefix : suffix).add(id);
                        }
                    } else throw error(where + ".single[" + i + "]", "expected Sequence or SpecialToken");
                }
            }
            case "Sequence" -> {
                JsonNode items = array(n, "processors", where);
                for (int i = 0; i < items.size(); i++) {
                    postProcessor(items.get(i), where + ".processors[" + i + "]", prefix, suffix, addedIds, model);
                }
            }
            default ->
                throw error(
                        where + ".type",
                        "unsupported post-processor '" + type
                                + "' (supported: TemplateProcessing, ByteLevel, Sequence)");
        }
    }

    private List<Integer> specialTokenIds(
            JsonNode processor, String token, String where, Map<String, Integer> addedIds, Bpe model) {
        JsonNode declared = processor.path("special_tokens").path(token).path("ids");
        List<Integer> ids = new ArrayList<>();
        if (declared.isArray()) {
            declared.forEach(id -> ids.add(id.asInt()));
            return ids;
        }
        Integer id = addedIds.containsKey(token) ? addedIds.get(token) : model.id(token);
        if (id == null) throw error(where + ".special_tokens", "special token '" + token + "' has no id");
        ids.add(id);
        return ids;
    }

    private Decoder decoder(JsonNode n, String where) {
        if (n == null || n.isNull()) return null;
        String type = text(n, "type", where);
        return switch (type) {
            case "ByteLevel" -> new Decoder.ByteLevelDecoder();
            case "Metaspace" -> new Decoder.MetaspaceDecoder(replacement(n, where), prependScheme(n, where));
            case "ByteFallback" -> new Decoder.ByteFallback();
            case "Fuse" -> new Decoder.Fuse();
            case "Replace" -> {
                JsonNode p = field(n, "pattern", where, true);
                if (!p.has("String")) throw error(where + ".pattern", "only String patterns are supported in decoders");
                yield new Decoder.Replace(p.get("String").asText(), text(n, "content", where));
            }
            case "Strip" -> {
                String content = text(n, "content", where);
                if (content.length() != 1) throw error(where + ".content", "expected one character");
                yield new Decoder.Strip(
                        content.charAt(0),
                        n.path("start").asInt(0),
                        n.path("stop").asInt(0));
            }
            case "Sequence" -> {
                List<Decoder> list = new ArrayList<>();
                JsonNode items = array(n, "decoders", where);
                for (int i = 0; i < items.size(); i++) list.add(decoder(items.get(i), where + ".decoders[" + i + "]"));
                yield new Decoder.Sequence(list);
            }
            default ->
                throw error(
                        where + ".type",
                        "unsupported decoder '" + type
                                + "' (supported: ByteLevel, Metaspace, ByteFallback, Fuse, Replace, Strip, Sequence)");
        };
    }

    private java.util.regex.Pattern pattern(JsonNode n, String where) {
        JsonNode p = field(n, "pattern", where, true);
        if (p.has("String"))
            return java.util.regex.Pattern.compile(
                    java.util.regex.Pattern.quote(p.get("String").asText()));
        if (p.has("Regex"))
            return RegexTranslation.compile(p.get("Regex").asText(), file + ": " + where + ".pattern.Regex");
        throw error(where + ".pattern", "expected {\"String\": ...} or {\"Regex\": ...}");
    }

    private PreTokenizer.Behavior behavior(JsonNode n, String where) {
        String b = n.path("behavior").asText("Removed");
        return switch (b) {
            case "Removed" -> PreTokenizer.Behavior.REMOVED;
            case "Isolated" -> PreTokenizer.Behavior.ISOLATED;
            case "MergedWithPrevious" -> PreTokenizer.Behavior.MERGED_WITH_PREVIOUS;
            case "MergedWithNext" -> PreTokenizer.Behavior.MERGED_WITH_NEXT;
            case "Contiguous" -> PreTokenizer.Behavior.CONTIGUOUS;
            default -> throw error(where + ".behavior", "unknown split behavior '" + b + "'");
        };
    }

    private char replacement(JsonNode n, String where) {
        String r = n.path("replacement").asText("\u2581");
        if (r.length() != 1) throw error(where + ".replacement", "expected one character");
        return r.charAt(0);
    }

    private String prependScheme(JsonNode n, String where) {
        // files from before prepend_scheme existed say add_prefix_space instead
        String scheme = n.has("prepend_scheme")
                ? n.get("prepend_scheme").asText()
                : (n.path("add_prefix_space").asBoolean(true) ? "always" : "never");
        if (!List.of("always", "first", "never").contains(scheme)) {
            throw error(where + ".prepend_scheme", "expected always, first or never, got '" + scheme + "'");
        }
        return scheme;
    }

    private JsonNode field(JsonNode n, String name, String where, boolean required) {
        JsonNode v = n.get(name);
        if (v == null && required) throw error(where.isEmpty() ? name : where + "." + name, "missing");
        return v;
    }

    private String text(JsonNode n, String name, String where) {
        JsonNode v = field(n, name, where, true);
        if (!v.isTextual()) throw error(where + "." + name, "expected a string");
        return v.asText();
    }

    private JsonNode array(JsonNode n, String name, String where) {
        JsonNode v = field(n, name, where, true);
        if (!v.isArray()) throw error(where + "." + name, "expected an array");
        return v;
    }

    private TokenizerException error(String where, String what) {
        return new TokenizerException(file + ": " + (where.isEmpty() ? "" : where + ": ") + what);
    }

    // ---- writing ----

    /** A line break that is not the last character (in the syntax of both Java and Onig). */
    public static final String LINE_BREAK_BEFORE_TEXT = "\\n(?=[\\s\\S])";

    /**
     * Byte-level tokenizers Enclave trains put a space before every line (at the start of the text and after every line
     * break that is not its last character), so the first word of a line is the same token as the word
     * in mid-sentence: SentencePiece's dummy prefix, extended to every line. The decoder takes exactly
     * those spaces out again (see the decoder {@link #writeByteLevel} writes), so text still comes back byte for
     * byte. It works line by line: the space after a line break is the next line's own prefix, so
     * normalising each line alone gives the same text as normalising the whole document.
     */
    public static final Normalizer LINE_START_SPACE = new Normalizer.LineStartSpace();

    /**
     * Writes a byte-level BPE tokenizer in the Llama-3 layout: a Split pre-tokenizer with
     * {@code regex}, then ByteLevel without its own regex; {@link #LINE_START_SPACE} as normalizer and its
     * inverse after the ByteLevel decoder.
     */
    public static void writeByteLevel(
            Path file, Map<String, Integer> vocab, List<String[]> merges, List<AddedToken> specials, String regex)
            throws IOException {
        ObjectNode root = header(specials);
        ArrayNode normalizers =
                root.putObject("normalizer").put("type", "Sequence").putArray("normalizers");
        normalizers.addObject().put("type", "Prepend").put("prepend", " ");
        ObjectNode lineBreak = normalizers.addObject().put("type", "Replace");
        lineBreak.putObject("pattern").put("Regex", LINE_BREAK_BEFORE_TEXT);
        lineBreak.put("content", "\n ");
        ObjectNode split = JSON.createObjectNode().put("type", "Split");
        split.putObject("pattern").put("Regex", regex);
        split.put("behavior", "Isolated").put("invert", false);
        ObjectNode byteLevel = JSON.createObjectNode()
                .put("type", "ByteLevel")
                .put("add_prefix_space", false)
                .put("trim_offsets", true)
                .put("use_regex", false);
        ObjectNode pre = root.putObject("pre_tokenizer").put("type", "Sequence");
        pre.putArray("pretokenizers").add(split).add(byteLevel);
        root.putObject("post_processor")
                .put("type", "ByteLevel")
                .put("add_prefix_space", false)
                .put("trim_offsets", true)
                .put("use_regex", false);
        // ByteLevel fuses the tokens into one text, so the spaces the normalizer added are found
        // wherever token boundaries fall
        ArrayNode decoders = root.putObject("decoder").put("type", "Sequence").putArray("decoders");
        decoders.addObject()
                .put("type", "ByteLevel")
                .put("add_prefix_space", false)
                .put("trim_offsets", true)
                .put("use_regex", false);
        ObjectNode lineStart = decoders.addObject().put("type", "Replace");
        lineStart.putObject("pattern").put("String", "\n ");
        lineStart.put("content", "\n");
        decoders.addObject()
                .put("type", "Strip")
                .put("content", " ")
                .put("start", 1)
                .put("stop", 0);
        root.set("model", model(vocab, merges, null, false, false));
        write(file, root);
    }

    /**
     * Writes a SentencePiece-style BPE tokenizer in the Llama-2 / Mistral layout: Metaspace
     * pre-tokenizer (prepend "▁" to the first word), byte fallback, a fused unknown token.
     */
    public static void writeMetaspace(
            Path file, Map<String, Integer> vocab, List<String[]> merges, List<AddedToken> specials, String unkToken)
            throws IOException {
        ObjectNode root = header(specials);
        root.putObject("pre_tokenizer")
                .put("type", "Metaspace")
                .put("replacement", "\u2581")
                .put("prepend_scheme", "first")
                .put("split", true);
        root.putNull("post_processor");
        ObjectNode decoder = root.putObject("decoder").put("type", "Sequence");
        ArrayNode decoders = decoder.putArray("decoders");
        ObjectNode replace = decoders.addObject().put("type", "Replace");
        replace.putObject("pattern").put("String", "\u2581");
        replace.put("content", " ");
        decoders.addObject().put("type", "ByteFallback");
        decoders.addObject().put("type", "Fuse");
        decoders.addObject()
                .put("type", "Strip")
                .put("content", " ")
                .put("start", 1)
                .put("stop", 0);
        root.set("model", model(vocab, merges, unkToken, true, true));
        write(file, root);
    }

    private static ObjectNode header(List<AddedToken> specials) {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", "1.0");
        root.putNull("truncation");
        root.putNull("padding");
        ArrayNode added = root.putArray("added_tokens");
        for (AddedToken t : specials) {
            added.addObject()
                    .put("id", t.id())
                    .put("content", t.content())
                    .put("single_word", t.singleWord())
                    .put("lstrip", t.lstrip())
                    .put("rstrip", t.rstrip())
                    .put("normalized", t.normalized())
                    .put("special", t.special());
        }
        root.putNull("normalizer");
        return root;
    }

    private static ObjectNode model(
            Map<String, Integer> vocab, List<String[]> merges, String unkToken, boolean fuseUnk, boolean byteFallback) {
        ObjectNode model = JSON.createObjectNode().put("type", "BPE");
        model.putNull("dropout");
        if (unkToken == null) model.putNull("unk_token");
        else model.put("unk_token", unkToken);
        model.putNull("continuing_subword_prefix");
        model.putNull("end_of_word_suffix");
        model.put("fuse_unk", fuseUnk).put("byte_fallback", byteFallback).put("ignore_merges", false);
        ObjectNode v = model.putObject("vocab");
        vocab.entrySet().stream().sorted(Map.Entry.comparingByValue()).forEach(e -> v.put(e.getKey(), e.getValue()));
        ArrayNode m = model.putArray("merges");
        for (String[] pair : merges) m.addArray().add(pair[0]).add(pair[1]);
        return model;
    }

    private static void write(Path file, ObjectNode root) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.write(file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
    }
}
