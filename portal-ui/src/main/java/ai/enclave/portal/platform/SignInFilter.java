package ai.enclave.portal.platform;

import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Set;

/**
 * Every portal request needs a signed-in user: without one, the request starts the OpenID Connect
 * sign-in ({@code request.authenticate} runs the mechanism of {@link SignInConfiguration}, which
 * redirects to the identity provider) and remembers where the user was going, so
 * {@link SignInCallbackServlet} can return them there. When the identity provider cannot be
 * reached ({@link IdentityProviderProbe}) it says so on a plain page (503) instead of sending the
 * browser to a dead sign-in page. Which page a signed-in user may open is the
 * view layer's decision, from their portal roles. The OpenAI-compatible API under {@code /v1/}
 * passes untouched: programs call it with an API key, which its resources check, and a redirect to
 * a sign-in page would mean nothing to them. Mapped in web.xml, first of the filters.
 */
public class SignInFilter extends HttpFilter {

    static final String RETURN_TO = SignInFilter.class.getName() + ".returnTo";

    /** Reached without signing in: the launcher's probe, the sign-in callback, the error page. */
    private static final Set<String> OPEN_PATHS =
            Set.of("/api/health", SignInCallbackServlet.PATH, ServerErrorServlet.PATH, SignOutServlet.PATH);

    /**
     * The servlet path of the OpenAI-compatible API, authenticated by API key in its own resources.
     * Matched on the servlet the container chose, not on the raw URI, so "/v1/../admin" cannot slip
     * a page past the sign-in.
     */
    static final String API_SERVLET_PATH = "/v1";

    @Inject
    PortalSettings settings;

    @Inject
    IdentityProviderProbe identityProvider;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request.getUserPrincipal() != null
                || OPEN_PATHS.contains(pathOf(request))
                || API_SERVLET_PATH.equals(request.getServletPath())) {
            chain.doFilter(request, response);
            return;
        }
        if ("GET".equals(request.getMethod())) {
            request.getSession().setAttribute(RETURN_TO, returnPath(request));
        }
        if (!identityProvider.isReachable()) {
            signInUnavailable(response);
            return;
        }
        boolean authenticated = request.authenticate(response);
        if (request.getAttribute(SignInMechanismHandler.PROVIDER_UNREACHABLE) != null) {
            signInUnavailable(response);
        } else if (authenticated && request.getUserPrincipal() != null) {
            chain.doFilter(request, response);
        } else if (!response.isCommitted()) {
            // Fail closed: the mechanism neither signed the user in nor sent them to the provider.
            PlainPage.write(
                    response,
                    HttpServletResponse.SC_UNAUTHORIZED,
                    "Sign-in did not complete",
                    "Open the portal again to sign in.");
        }
    }

    private void signInUnavailable(HttpServletResponse response) throws IOException {
        PlainPage.write(
                response,
                HttpServletResponse.SC_SERVICE_UNAVAILABLE,
                "Sign-in is not available right now",
                "Enclave cannot reach its sign-in service (the identity provider at "
                        + PlainPage.escape(settings.getOidcProviderUri())
                        + "), so nobody can sign in at the moment. Reload this page in a minute; if it "
                        + "stays this way, ask IT to check the Keycloak service (<code>./enclave status</code>).");
    }

    private static String pathOf(HttpServletRequest request) {
        return request.getRequestURI().substring(request.getContextPath().length());
    }

    private static String returnPath(HttpServletRequest request) {
        String query = request.getQueryString();
        return pathOf(request) + (query == null ? "" : "?" + query);
    }
}
