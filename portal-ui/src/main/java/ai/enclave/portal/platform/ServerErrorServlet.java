package ai.enclave.portal.platform;

import jakarta.inject.Inject;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The page for failures outside Vaadin, above all the sign-in itself: when the identity provider
 * cannot be reached the OpenID Connect mechanism fails before any page runs, and the user gets a
 * plain explanation (503, retried by reloading) instead of an empty 500.
 */
@WebServlet(ServerErrorServlet.PATH)
public class ServerErrorServlet extends HttpServlet {

    static final String PATH = "/errors/server";

    private static final Logger LOG = Logger.getLogger(ServerErrorServlet.class.getName());

    @Inject
    PortalSettings settings;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Throwable failure = (Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        response.setContentType("text/html;charset=UTF-8");
        if (isUnreachable(failure)) {
            LOG.warning("sign-in failed: identity provider " + settings.getOidcProviderUri() + " not reachable");
            response.setStatus(HttpServletResponse.SC_SERVICE_UNAVAILABLE);
            response.getWriter()
                    .write(page(
                            "Sign-in is not available right now",
                            "Enclave cannot reach its sign-in service (the identity provider at "
                                    + escape(settings.getOidcProviderUri()) + "), so nobody can sign in at the moment. "
                                    + "Reload this page in a minute; if it stays this way, ask IT to check the "
                                    + "Keycloak service (<code>./enclave status</code>)."));
            return;
        }
        LOG.log(
                Level.SEVERE,
                "request " + request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) + " failed",
                failure);
        response.setStatus(HttpServletResponse.SC_INTERNAL_SERVER_ERROR);
        response.getWriter()
                .write(page(
                        "Something went wrong",
                        "The error was logged on the server. Reload the page, or tell IT the time it happened."));
    }

    static boolean isUnreachable(Throwable failure) {
        for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof ConnectException
                    || t instanceof UnknownHostException
                    || t instanceof HttpTimeoutException
                    || t instanceof java.net.SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static String page(String title, String body) {
        return """
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
                <body><main id="server-error"><h1>%1$s</h1><p>%2$s</p></main></body></html>
                """.formatted(title, body);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;")
                .replace("<", "&lt;")
                .replace(">", "&gt;")
                .replace("\"", "&quot;");
    }
}
