package ai.enclave.runtime.tokenizer;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A Hugging Face tokenizer.json pipeline run in Java: added tokens, normalizer, pre-tokenizer, BPE
 * model, template post-processor and decoder, giving the same ids and text as the Hugging Face
 * {@code tokenizers} library. Ids only: no offsets, attention masks, padding or truncation. Immutable
 * and safe to share between threads. Load with {@link #load(Path)}.
 */
public final class Tokenizer {
    private final Normalizer normalizer; // null when tokenizer.json has none
    private final PreTokenizer preTokenizer; // null when tokenizer.json has none
    private final Bpe model;
    private final Decoder decoder; // null: tokens joined with spaces, as Hugging Face does
    private final List<AddedToken> addedTokens;
    private final int[] prefixIds; // from a TemplateProcessing post-processor, e.g. <|begin_of_text|>
    private final int[] suffixIds;
    private final AddedTokenSplitter rawSplitter;
    private final AddedTokenSplitter normalizedSplitter;
    private final Map<Integer, AddedToken> addedById = new HashMap<>();
    private final Map<String, Integer> addedByContent = new HashMap<>();
    private final Set<Integer> specialIds = new HashSet<>();

    Tokenizer(
            Normalizer normalizer,
            PreTokenizer preTokenizer,
            Bpe model,
            Decoder decoder,
            List<AddedToken> addedTokens,
            int[] prefixIds,
            int[] suffixIds) {
        this.normalizer = normalizer;
        this.preTokenizer = preTokenizer;
        this.model = model;
        this.decoder = decoder;
        this.addedTokens = List.copyOf(addedTokens);
        this.prefixIds = prefixIds.clone();
        this.suffixIds = suffixIds.clone();
        for (AddedToken t : addedTokens) {
            addedById.put(t.id(), t);
            addedByContent.put(t.content(), t.id());
            if (t.special()) specialIds.add(t.id());
        }
        this.rawSplitter = new AddedTokenSplitter(
                addedTokens.stream().filter(t -> !t.normalized()).toList());
        this.normalizedSplitter = new AddedTokenSplitter(
                addedTokens.stream().filter(AddedToken::normalized).toList());
    }

    /** Loads {@code tokenizer.json} from a model directory, or the file itself. */
    public static Tokenizer load(Path dirOrFile) throws IOException {
        return TokenizerJson.read(dirOrFile);
    }

    public Bpe model() {
        return model;
    }

    public Normalizer normalizer() {
        return normalizer;
    }

    public PreTokenizer preTokenizer() {
        return preTokenizer;
    }

    public Decoder decoder() {
        return decoder;
    }

    public List<AddedToken> addedTokens() {
        return addedTokens;
    }

    /** Vocabulary size counting added tokens: one more than the largest id. */
    public int vocabSize() {
        int max = model.vocabSize() - 1;
        for (AddedToken t : addedTokens) max = Math.max(max, t.id());
        return max + 1;
    }

    /** The id of a token (added tokens first), or null. */
    public Integer tokenId(String token) {
        Integer added = addedByContent.get(token);
        return added != null ? added : model.id(token);
    }

    public String token(int id) {
        AddedToken added = addedById.get(id);
        return added != null ? added.content() : model.token(id);
    }

    /** Ids of {@code text} with the post-processor's special tokens, as HF's {@code encode(text)}. */
    public int[] encode(String text) {
        return encode(text, true);
    }

    public int[] encode(String text, boolean addSpecialTokens) {
        IntList ids = new IntList(text.length() / 3 + 4);
        if (addSpecialTokens) for (int id : prefixIds) ids.add(id);
        for (AddedTokenSplitter.Segment raw : rawSplitter.split(text, 0)) {
            if (raw.tokenId() >= 0) {
                ids.add(raw.tokenId());
                continue;
            }
            String normalized = normalizer == null ? raw.text() : normalizer.normalize(raw.text());
            for (AddedTokenSplitter.Segment segment : normalizedSplitter.split(normalized, raw.start())) {
                if (segment.tokenId() >= 0) ids.add(segment.tokenId());
                else encodeSegment(segment, ids);
            }
        }
        if (addSpecialTokens) for (int id : suffixIds) ids.add(id);
        return ids.toArray();
    }

    private void encodeSegment(AddedTokenSplitter.Segment segment, IntList ids) {
        PreTokenizer.Piece whole = new PreTokenizer.Piece(segment.text(), segment.start() == 0);
        if (preTokenizer == null) {
            model.encodeWord(whole.text(), ids);
            return;
        }
        if (preTokenizer instanceof PreTokenizer.Scanned scanned && scanned.byteLevel()) {
            scanned.encodeByteLevel(segment.text(), model, ids); // same words, no String per cached word
            return;
        }
        List<PreTokenizer.Piece> pieces = new ArrayList<>();
        preTokenizer.split(whole, pieces);
        for (PreTokenizer.Piece piece : pieces) model.encodeWord(piece.text(), ids);
    }

    /** Text of {@code ids}, as HF's {@code decode(ids, skip_special_tokens)}; unknown ids are skipped. */
    public String decode(int[] ids, boolean skipSpecialTokens) {
        List<String> tokens = new ArrayList<>(ids.length);
        for (int id : ids) {
            if (skipSpecialTokens && specialIds.contains(id)) continue;
            String token = token(id);
            if (token != null) tokens.add(token);
        }
        if (decoder == null) return String.join(" ", tokens);
        return String.join("", decoder.decode(tokens));
    }

    public boolean isSpecial(int id) {
        return specialIds.contains(id);
    }

    int[] prefixIds() {
        return prefixIds.clone();
    }

    int[] suffixIds() {
        return suffixIds.clone();
    }
}
