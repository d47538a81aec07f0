/*
 * The four portal roles and how they are read from the identity provider. Keycloak sends the user's
 * realm roles in the multivalued "groups" claim; each value naming a portal role grants it, anything
 * else (Keycloak's own default-roles-*, offline_access, a customer's unrelated groups) is ignored.
 *
 * Rule for a user with none of the four: they are treated as EMPLOYEE. Whoever the company's identity
 * provider lets sign in to Enclave is at least an employee (the realm gives new users "employee" by
 * default anyway); the other roles are only ever granted explicitly.
 */
package ai.enclave.security.domain;

import java.util.Arrays;
import java.util.Collection;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

public enum PortalRole {
    /** Everything, including RBAC settings and the audit log. */
    ADMIN("admin"),
    /** Sources and datasets. */
    DATA_STEWARD("data-steward"),
    /** Training, evaluation and deployments. */
    ML_ENGINEER("ml-engineer"),
    /** Chat with the models granted to their teams. */
    EMPLOYEE("employee");

    private final String id;

    PortalRole(String id) {
        this.id = id;
    }

    /** The name used in the identity provider, the database and URLs, e.g. "data-steward". */
    public String id() {
        return id;
    }

    /** The role named by {@code id}, exactly as {@link #id()} spells it. */
    public static Optional<PortalRole> fromId(String id) {
        return Arrays.stream(values()).filter(role -> role.id.equals(id)).findFirst();
    }

    /**
     * The portal roles a user holds, read from the values of their "groups" claim. A value may carry
     * a leading "/" (Keycloak's group-path form) and is matched exactly otherwise. Never empty: a user
     * without any known role gets {@link #EMPLOYEE} (see the rule at the top of this file).
     */
    public static Set<PortalRole> fromGroups(Collection<String> groups) {
        Objects.requireNonNull(groups, "groups is null");
        Set<PortalRole> roles = EnumSet.noneOf(PortalRole.class);
        for (String group : groups) {
            if (group != null) {
                fromId(group.startsWith("/") ? group.substring(1) : group).ifPresent(roles::add);
            }
        }
        if (roles.isEmpty()) {
            roles.add(EMPLOYEE);
        }
        return roles;
    }
}
