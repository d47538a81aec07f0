package ai.enclave.connectors.files;

import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;

/**
 * Include and exclude globs on a relative path with '/' separators ({@link
 * java.nio.file.FileSystem#getPathMatcher} globs, and a leading {@code **}{@code /} also matching at
 * the top, so {@code **}{@code /*.md} matches {@code README.md}). No include globs means everything.
 * Works on names alone, so the same rules serve files on disk ({@link FileTree}) and paths inside a
 * git tree.
 */
public final class PathGlobs {
    private final List<PathMatcher> include;
    private final List<PathMatcher> exclude;

    public PathGlobs(List<String> include, List<String> exclude) {
        this.include = matchers(include.isEmpty() ? List.of("**") : include);
        this.exclude = matchers(exclude);
    }

    public boolean matches(String path) {
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
