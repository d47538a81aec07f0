package ai.enclave.portal.platform;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import jakarta.security.enterprise.AuthenticationException;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanismHandler;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.authentication.mechanism.http.OpenIdAuthenticationMechanismDefinition.OpenIdAuthenticationMechanism;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.util.logging.Logger;

/**
 * Runs the OpenID Connect mechanism for every request, and turns "the identity provider cannot be
 * reached" into a marked, unauthenticated request instead of an empty HTTP 500: the container calls
 * the mechanism before any filter or error page, so this is the only place to catch it.
 * {@link SignInFilter} then shows the "sign-in is not available" page.
 */
@ApplicationScoped
@Alternative
@Priority(Interceptor.Priority.APPLICATION)
public class SignInMechanismHandler implements HttpAuthenticationMechanismHandler {

    static final String PROVIDER_UNREACHABLE = SignInMechanismHandler.class.getName() + ".providerUnreachable";
    private static final Logger LOG = Logger.getLogger(SignInMechanismHandler.class.getName());

    @Inject
    @OpenIdAuthenticationMechanism
    HttpAuthenticationMechanism openIdConnect;

    @Override
    public AuthenticationStatus validateRequest(
            HttpServletRequest request, HttpServletResponse response, HttpMessageContext context)
            throws AuthenticationException {
        try {
            return openIdConnect.validateRequest(request, response, context);
        } catch (AuthenticationException | RuntimeException e) {
            if (!isUnreachable(e)) {
                throw e;
            }
            LOG.warning("identity provider not reachable: " + e.getMessage());
            request.setAttribute(PROVIDER_UNREACHABLE, Boolean.TRUE);
            return context.doNothing();
        }
    }

    @Override
    public AuthenticationStatus secureResponse(
            HttpServletRequest request, HttpServletResponse response, HttpMessageContext context)
            throws AuthenticationException {
        return openIdConnect.secureResponse(request, response, context);
    }

    @Override
    public void cleanSubject(HttpServletRequest request, HttpServletResponse response, HttpMessageContext context) {
        openIdConnect.cleanSubject(request, response, context);
    }

    static boolean isUnreachable(Throwable failure) {
        for (Throwable t = failure; t != null && t.getCause() != t; t = t.getCause()) {
            if (t instanceof ConnectException
                    || t instanceof UnknownHostException
                    || t instanceof HttpTimeoutException
                    || t instanceof SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }
}
