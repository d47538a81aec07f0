package ai.enclave.portal.shell;

import ai.enclave.security.domain.PortalArea;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The portal area a view belongs to; {@link PortalArea} says which roles open it. Every route must
 * carry one: a view without it is refused to everybody, so a forgotten annotation hides a page
 * instead of opening it.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface AreaPage {
    PortalArea value();
}
