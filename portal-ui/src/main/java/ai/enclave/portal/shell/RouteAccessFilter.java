package ai.enclave.portal.shell;

import ai.enclave.security.service.AccessGuard;
import com.vaadin.flow.server.VaadinServletContext;
import com.vaadin.flow.server.startup.ApplicationRouteRegistry;
import jakarta.inject.Inject;
import jakarta.security.enterprise.identitystore.openid.OpenIdContext;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Refuses a typed or bookmarked URL of a page the user's roles do not allow with HTTP 403, before
 * the browser loads the application. Vaadin answers every page URL with the same 200 shell and
 * routes inside it, so without this a refusal would only be a view; navigation inside the open
 * application is checked by {@link ViewAccess} with the same rule. Runs after the sign-in filter
 * (order set in web.xml).
 */
public class RouteAccessFilter extends HttpFilter {

    @Inject
    OpenIdContext openIdContext;

    @Inject
    AccessGuard accessGuard;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (isPageRequest(request) && !mayOpen(request)) {
            NotAllowedView.writePlain(response);
            return;
        }
        chain.doFilter(request, response);
    }

    /** A browser asking for a page; Vaadin's own requests carry a {@code v-r} parameter. */
    private static boolean isPageRequest(HttpServletRequest request) {
        return "GET".equals(request.getMethod())
                && request.getParameter("v-r") == null
                && request.getUserPrincipal() != null;
    }

    private boolean mayOpen(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        var registry = ApplicationRouteRegistry.getInstance(new VaadinServletContext(getServletContext()));
        return registry.getNavigationTarget(path.startsWith("/") ? path.substring(1) : path)
                .map(view -> new ViewAccess(accessGuard)
                        .allows(
                                IdentityClaims.of(openIdContext, request.getUserPrincipal())
                                        .toUser(),
                                view))
                .orElse(true);
    }
}
