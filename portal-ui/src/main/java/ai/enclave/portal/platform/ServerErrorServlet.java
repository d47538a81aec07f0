package ai.enclave.portal.platform;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The page for failures outside Vaadin (a servlet, the JSON API): logged in full on the server,
 * shown as a short message without a stack trace.
 */
@WebServlet(ServerErrorServlet.PATH)
public class ServerErrorServlet extends HttpServlet {

    static final String PATH = "/errors/server";
    private static final Logger LOG = Logger.getLogger(ServerErrorServlet.class.getName());

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Throwable failure = (Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
        LOG.log(
                Level.SEVERE,
                "request " + request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) + " failed",
                failure);
        PlainPage.write(
                response,
                HttpServletResponse.SC_INTERNAL_SERVER_ERROR,
                "Something went wrong",
                "The error was logged on the server. Reload the page, or tell IT the time it happened.");
    }
}
