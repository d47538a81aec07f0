package ai.enclave.portal.platform;

import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Where the identity provider sends the browser after sign-in. The OpenID Connect mechanism has
 * already exchanged the code for tokens by the time this runs; this only returns the user to the
 * page they first asked for (a path inside the portal, never a URL from the request).
 */
@WebServlet(SignInCallbackServlet.PATH)
public class SignInCallbackServlet extends HttpServlet {

    static final String PATH = "/oidc/callback";

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        if (request.getUserPrincipal() == null) {
            response.sendError(HttpServletResponse.SC_UNAUTHORIZED, "sign-in did not complete; open the portal again");
            return;
        }
        var session = request.getSession();
        Object returnTo = session.getAttribute(SignInFilter.RETURN_TO);
        session.removeAttribute(SignInFilter.RETURN_TO);
        String path = returnTo instanceof String p && p.startsWith("/") && !p.startsWith("//") ? p : "/";
        response.sendRedirect(request.getContextPath() + path);
    }
}
