package ai.enclave.runtime.tokenizer;

/**
 * An entry of tokenizer.json's {@code added_tokens}: matched in the text before the model runs and
 * emitted as one id. {@code lstrip}/{@code rstrip} swallow whitespace beside a match,
 * {@code singleWord} only matches outside words, {@code normalized} tokens are matched after the
 * normalizer, the others on the raw text.
 */
public record AddedToken(
        int id,
        String content,
        boolean special,
        boolean singleWord,
        boolean lstrip,
        boolean rstrip,
        boolean normalized) {

    /** A special token as trainers write them: matched verbatim on raw text. */
    public static AddedToken special(int id, String content) {
        return new AddedToken(id, content, true, false, false, false, false);
    }
}
