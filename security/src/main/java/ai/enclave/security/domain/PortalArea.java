/*
 * The areas of the portal and which roles may open each: the single table of coarse permissions that
 * navigation, view guards and services all consult. Finer rules (which team owns a dataset, which
 * models a team may chat with) come with those features and build on top of this.
 */
package ai.enclave.security.domain;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

public enum PortalArea {
    /** The start page: the host's compute and the user's shortcuts. */
    DASHBOARD("dashboard", EnumSet.allOf(PortalRole.class)),
    /** Chat with deployed models: everyone signed in. */
    CHAT("chat", EnumSet.allOf(PortalRole.class)),
    DATA("data", EnumSet.of(PortalRole.DATA_STEWARD, PortalRole.ADMIN)),
    TRAINING("training", EnumSet.of(PortalRole.ML_ENGINEER, PortalRole.ADMIN)),
    MODELS("models", EnumSet.of(PortalRole.ML_ENGINEER, PortalRole.ADMIN)),
    DEPLOYMENTS("deployments", EnumSet.of(PortalRole.ML_ENGINEER, PortalRole.ADMIN)),
    /** Users, teams, settings, the audit log. */
    ADMIN("admin", EnumSet.of(PortalRole.ADMIN));

    private final String id;
    private final Set<PortalRole> allowedRoles;

    PortalArea(String id, Set<PortalRole> allowedRoles) {
        this.id = id;
        this.allowedRoles = Collections.unmodifiableSet(allowedRoles);
    }

    /** A stable name for logs and the audit log ("area:" + id), e.g. "admin". */
    public String id() {
        return id;
    }

    /** The roles any one of which opens this area. */
    public Set<PortalRole> allowedRoles() {
        return allowedRoles;
    }

    /** Whether someone holding {@code roles} may open this area. */
    public boolean isOpenTo(Set<PortalRole> roles) {
        Objects.requireNonNull(roles, "roles is null");
        return roles.stream().anyMatch(allowedRoles::contains);
    }

    /** The areas someone holding {@code roles} may open, in navigation order. */
    public static Set<PortalArea> openTo(Set<PortalRole> roles) {
        Set<PortalArea> areas = EnumSet.noneOf(PortalArea.class);
        for (PortalArea area : values()) {
            if (area.isOpenTo(roles)) {
                areas.add(area);
            }
        }
        return areas;
    }
}
