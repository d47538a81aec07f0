package ai.enclave.connectors.jsonl;

import java.util.List;
import java.util.Objects;

/**
 * An open dataset dropped on a share as JSON Lines, plain or gzip-compressed.
 *
 * @param path a {@code .jsonl} / {@code .jsonl.gz} file or a directory searched recursively for them
 * @param textField the field holding the text, dotted for nested objects, e.g. {@code "text"} or {@code "content.body"}
 * @param idField the field holding a stable record id, e.g. {@code "id"}; null: file path and line number
 * @param include globs selecting files under a directory; empty: {@code **}{@code /*.jsonl} and {@code **}{@code /*.jsonl.gz}
 */
public record JsonlConfig(String path, String textField, String idField, List<String> include) {
    public JsonlConfig {
        Objects.requireNonNull(path, "path is null");
        textField = textField == null || textField.isBlank() ? "text" : textField;
        include = include == null || include.isEmpty() ? List.of("**/*.jsonl", "**/*.jsonl.gz") : List.copyOf(include);
    }
}
