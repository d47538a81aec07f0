package ai.enclave.portal.platform;

import jakarta.inject.Inject;
import jakarta.security.enterprise.identitystore.openid.OpenIdContext;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * Ends the portal session and the identity provider's session, then sends the browser back to the
 * portal, which asks the provider to sign in again. Without the second half a "signed out" user
 * would be let straight back in by the provider's still-open session.
 */
@WebServlet(SignOutServlet.PATH)
public class SignOutServlet extends HttpServlet {

    static final String PATH = "/signout";

    @Inject
    OpenIdContext openIdContext;

    @Inject
    PortalSettings settings;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response)
            throws IOException, ServletException {
        String endSession = endSessionRedirect();
        request.logout();
        var session = request.getSession(false);
        if (session != null) {
            session.invalidate();
        }
        response.sendRedirect(endSession);
    }

    private String endSessionRedirect() {
        String back = settings.getPortalUrl() + "/";
        String endpoint = openIdContext.getProviderMetadata().getString("end_session_endpoint", null);
        if (endpoint == null) {
            return back;
        }
        return endpoint
                + "?client_id=" + encode(settings.getOidcClientId())
                + "&id_token_hint=" + encode(openIdContext.getIdentityToken().getToken())
                + "&post_logout_redirect_uri=" + encode(back);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
