/*
 * The package rules of CONVENTIONS.md, checked over the production classes of the domain and security
 * modules (security is the module whose classpath holds both): within a feature, domain knows no
 * service or UI and service knows no UI; features do not form cycles; neither module knows Vaadin;
 * entities live in domain packages. portal-ui can run the same kind of test over its own classes.
 */
package ai.enclave.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import jakarta.persistence.Entity;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class PackageDirectionTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importProductionClasses() {
        classes = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                // domain's test jar (test support for the ITs) is test code too
                .withImportOption(location -> !location.contains("-tests.jar"))
                .importPackages("ai.enclave");
    }

    @Test
    void both_modules_are_on_the_classpath_so_the_rules_below_see_them() {
        assertContains("ai.enclave.identity.domain.UserAccount");
        assertContains("ai.enclave.security.domain.PortalRole");
    }

    @Test
    void domain_packages_know_no_service_or_ui() {
        noClasses()
                .that()
                .resideInAPackage("..domain..")
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage("..service..", "..ui..")
                .check(classes);
    }

    @Test
    void service_packages_know_no_ui() {
        noClasses()
                .that()
                .resideInAPackage("..service..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("..ui..")
                .check(classes);
    }

    @Test
    void features_do_not_depend_on_each_other_in_a_cycle() {
        slices().matching("ai.enclave.(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void domain_and_security_know_nothing_of_vaadin() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAPackage("com.vaadin..")
                .check(classes);
    }

    @Test
    void the_domain_module_does_not_reach_into_security() {
        noClasses()
                .that()
                .resideInAnyPackage("ai.enclave.identity..", "ai.enclave.team..", "ai.enclave.audit..")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("ai.enclave.security..")
                .check(classes);
    }

    @Test
    void entities_live_in_domain_packages() {
        classes()
                .that()
                .areAnnotatedWith(Entity.class)
                .should()
                .resideInAPackage("..domain..")
                .check(classes);
    }

    private static void assertContains(String className) {
        if (!classes.contain(className)) {
            throw new AssertionError(className + " was not imported; the rules would pass vacuously");
        }
    }
}
