package ai.enclave.connectors.git;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.net.URI;
import java.util.List;
import java.util.Locale;

/**
 * A git repository source: a local repository read in place, or a repository on an internal server
 * (http, https or file URL) fetched into a cache directory. The token is a secret: it is never written
 * back out (not by {@link #toString}, not when the config is serialised), never put into metadata, and
 * credentials inside the URL are refused so that they cannot end up in messages either.
 *
 * @param repository a local path ({@code /srv/git/handbook} or a working tree) or a URL
 *     ({@code https://git.internal/platform/api.git}, {@code file:///srv/git/api.git}); ssh is not supported
 * @param ref a branch or tag name ({@code main}, {@code v2.3}), a full ref name or a commit id; null: the
 *     remote's HEAD (for a local path: the repository's HEAD)
 * @param include globs on the path inside the repository, e.g. {@code ["src/**"]}; empty means all files
 * @param exclude globs to leave out, e.g. {@code ["**}{@code /test/**"]}
 * @param maxFileBytes files larger than this are skipped; null: 1 MiB (larger source files are almost
 *     always generated or data)
 * @param cacheDir where URLs are fetched to (one bare repository per URL); null: {@code enclave-git-cache}
 *     under the system temp directory
 * @param username user for http(s) authentication; null: {@code git} (servers that take a token as the
 *     password mostly ignore the name)
 * @param token password or access token for http(s); null: anonymous
 */
public record GitConfig(
        String repository,
        String ref,
        List<String> include,
        List<String> exclude,
        Long maxFileBytes,
        String cacheDir,
        String username,

        @JsonProperty(access = JsonProperty.Access.WRITE_ONLY)
        String token) {
    public static final long DEFAULT_MAX_FILE_BYTES = 1L << 20;

    public GitConfig {
        if (repository == null || repository.isBlank()) throw new IllegalArgumentException("repository is required");
        repository = repository.strip();
        if (isUrl(repository)) checkUrl(repository);
        if (ref != null && ref.isBlank()) ref = null;
        include = include == null ? List.of() : List.copyOf(include);
        exclude = exclude == null ? List.of() : List.copyOf(exclude);
        if (maxFileBytes == null) maxFileBytes = DEFAULT_MAX_FILE_BYTES;
        if (maxFileBytes <= 0) throw new IllegalArgumentException("maxFileBytes must be positive: " + maxFileBytes);
        if (cacheDir != null && cacheDir.isBlank()) cacheDir = null;
        if (username == null || username.isBlank()) username = "git";
    }

    /** A local repository: everything that is not a URL (an ssh URL is refused when the config is made). */
    public boolean isRemote() {
        return isUrl(repository);
    }

    /** The repository as it may be shown in messages and metadata: a URL without its user part. */
    public String displayName() {
        if (!isRemote()) return repository;
        URI uri = URI.create(repository);
        if (uri.getRawUserInfo() == null) return repository;
        return repository.replaceFirst("://[^/@]*@", "://");
    }

    @Override
    public String toString() {
        return "GitConfig[repository=" + repository + ", ref=" + ref + ", include=" + include + ", exclude="
                + exclude + ", maxFileBytes=" + maxFileBytes + ", cacheDir=" + cacheDir + ", username=" + username
                + ", token=" + (token == null ? "none" : "***") + "]";
    }

    private static boolean isUrl(String repository) {
        return repository.matches("(?i)[a-z][a-z0-9+.-]*://.*") || repository.matches("[^/]+@[^/:]+:.*");
    }

    private static void checkUrl(String repository) {
        if (!repository.contains("://")) {
            throw new IllegalArgumentException(
                    "repository: only local paths and http, https or file URLs are supported, not ssh ('" + repository
                            + "')");
        }
        URI uri;
        try {
            uri = URI.create(repository);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("repository is not a valid URL (" + e.getMessage() + ")");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!List.of("http", "https", "file").contains(scheme)) {
            throw new IllegalArgumentException(
                    "repository: only local paths and http, https or file URLs are supported, not '" + scheme + "'");
        }
        if (uri.getRawUserInfo() != null && uri.getRawUserInfo().contains(":")) {
            throw new IllegalArgumentException(
                    "repository: a password in the URL is not allowed; put it into the token field");
        }
    }
}
