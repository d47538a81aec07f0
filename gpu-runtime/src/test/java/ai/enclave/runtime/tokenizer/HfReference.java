package ai.enclave.runtime.tokenizer;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

/** The Hugging Face tokenizers library (Rust, through DJL's JNI binding): the reference we match. */
final class HfReference implements AutoCloseable {
    private final HuggingFaceTokenizer tokenizer;

    HfReference(Path tokenizerJson, boolean addSpecialTokens) throws IOException {
        tokenizer = HuggingFaceTokenizer.newInstance(
                tokenizerJson,
                Map.of(
                        "addSpecialTokens",
                        String.valueOf(addSpecialTokens),
                        "truncation",
                        "false",
                        "padding",
                        "false"));
    }

    int[] encode(String text) {
        long[] ids = tokenizer.encode(text).getIds();
        int[] out = new int[ids.length];
        for (int i = 0; i < ids.length; i++) out[i] = Math.toIntExact(ids[i]);
        return out;
    }

    String decode(int[] ids, boolean skipSpecialTokens) {
        long[] longs = new long[ids.length];
        for (int i = 0; i < ids.length; i++) longs[i] = ids[i];
        return tokenizer.decode(longs, skipSpecialTokens);
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
