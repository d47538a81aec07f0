package ai.enclave.connectors.spi;

import java.util.Map;
import java.util.Objects;

/**
 * One unit of text read from a source: a file, a row, a page, a dataset record. The id is stable across
 * syncs (a path relative to the source root, a primary key, a URL) so later runs can recognise it.
 * Metadata is flat strings (path, modified, owner, content type, ...), kept small: it travels with the
 * document through every pipeline stage. Not a container for binary content.
 */
public record Document(String id, String text, Map<String, String> metadata) {
    public Document {
        Objects.requireNonNull(id, "id is null");
        Objects.requireNonNull(text, "text is null");
        metadata = Map.copyOf(metadata);
    }

    /** The same document with other text; id and metadata unchanged (what every text stage returns). */
    public Document withText(String newText) {
        return new Document(id, newText, metadata);
    }
}
