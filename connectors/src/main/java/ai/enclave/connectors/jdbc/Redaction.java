package ai.enclave.connectors.jdbc;

import java.util.regex.Pattern;

/**
 * Keeps database passwords out of everything the connector says: error messages (a driver may echo the
 * URL, and a URL may carry {@code password=...}) and the config's string form. Not a general secret
 * scanner: it removes the one password it is given and password parameters of a URL.
 */
final class Redaction {
    private static final Pattern URL_PASSWORD = Pattern.compile("(?i)(password=)[^&;]*");

    private Redaction() {}

    /** The URL with any {@code password=} parameter's value replaced by {@code ***}. */
    static String url(String url) {
        return url == null ? null : URL_PASSWORD.matcher(url).replaceAll("$1***");
    }

    /** {@code message} with {@code password} (when set) and URL password parameters replaced by {@code ***}. */
    static String message(String message, String password) {
        if (message == null) return "";
        String m = password == null || password.isEmpty() ? message : message.replace(password, "***");
        return url(m);
    }
}
