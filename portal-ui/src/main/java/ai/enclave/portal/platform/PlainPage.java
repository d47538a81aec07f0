package ai.enclave.portal.platform;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * A small self-contained HTML page for the moments the Vaadin UI cannot run: before sign-in, or
 * when the request failed outside it. No scripts, no external resources.
 */
public final class PlainPage {

    public static void write(HttpServletResponse response, int status, String title, String bodyHtml)
            throws IOException {
        write(response, status, "plain-page", title, bodyHtml);
    }

    /** {@code id} names the page's main element, for people and tests looking for it. */
    public static void write(HttpServletResponse response, int status, String id, String title, String bodyHtml)
            throws IOException {
        response.setStatus(status);
        response.setContentType("text/html;charset=UTF-8");
        response.getWriter().write("""
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>%1$s · Enclave</title>
                <style>
                  body { font-family: system-ui, sans-serif; margin: 0; background: #f5f6f8; color: #1a1f2b; }
                  main { max-width: 38rem; margin: 12vh auto; padding: 2rem; background: #fff; border-radius: 12px;
                         box-shadow: 0 1px 4px rgba(0,0,0,.08); }
                  h1 { font-size: 1.4rem; margin-top: 0; }
                </style></head>
                <body><main id="%3$s"><h1>%1$s</h1><p>%2$s</p></main></body></html>
                """.formatted(title, bodyHtml, id));
    }

    public static String escape(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }

    private PlainPage() {}
}
