package ai.enclave.connectors.directory;

import java.util.List;
import java.util.Objects;

/**
 * A directory source: a local path or a mounted network share, read recursively.
 *
 * @param root the directory, e.g. {@code /mnt/share/handbook}
 * @param include globs on the path relative to the root, e.g. {@code ["**}{@code /*.md"]}; empty means all files
 * @param exclude globs to leave out, e.g. {@code ["**}{@code /node_modules/**"]}
 */
public record DirectoryConfig(String root, List<String> include, List<String> exclude) {
    public DirectoryConfig {
        Objects.requireNonNull(root, "root is null");
        include = include == null ? List.of() : List.copyOf(include);
        exclude = exclude == null ? List.of() : List.copyOf(exclude);
    }
}
