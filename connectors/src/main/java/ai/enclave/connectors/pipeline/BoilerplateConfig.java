package ai.enclave.connectors.pipeline;

/**
 * When a line counts as boilerplate (a footer, a disclaimer, a navigation bar repeated across files).
 *
 * @param enabled false keeps every line
 * @param minLineChars shorter lines are never boilerplate, e.g. 20 (a lone "}" or "Thanks," is content)
 * @param minDocuments a line must appear in at least this many documents, e.g. 5
 * @param minDocumentFraction and in at least this share of all documents, e.g. 0.01
 */
public record BoilerplateConfig(boolean enabled, int minLineChars, int minDocuments, double minDocumentFraction) {
    public static BoilerplateConfig defaults() {
        return new BoilerplateConfig(true, 20, 5, 0.01);
    }
}
