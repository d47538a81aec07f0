package ai.enclave.connectors.git;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;

/**
 * Include and exclude globs on a path inside the repository, with the same meaning as the directory
 * connector's ({@link java.nio.file.FileSystem#getPathMatcher} globs, and a leading {@code **}{@code /}
 * also matching at the top, so {@code **}{@code /*.md} matches {@code README.md}). Paths in a git tree
 * are not files on disk, hence a matcher of its own instead of {@code FileTree}.
 */
final class PathGlobs {
    private final List<PathMatcher> include;
    private final List<PathMatcher> exclude;

    PathGlobs(List<String> include, List<String> exclude) {
        this.include = matchers(include.isEmpty() ? List.of("**") : include);
        this.exclude = matchers(exclude);
    }

    boolean matches(String path) {
        Path p = Path.of(path);
        return include.stream().anyMatch(m -> m.matches(p)) && exclude.stream().noneMatch(m -> m.matches(p));
    }

    private static List<PathMatcher> matchers(List<String> globs) {
        List<PathMatcher> out = new ArrayList<>();
        for (String g : globs) {
            out.add(FileSystems.getDefault().getPathMatcher("glob:" + g));
            if (g.startsWith("**/")) out.add(FileSystems.getDefault().getPathMatcher("glob:" + g.substring(3)));
        }
        return out;
    }
}
