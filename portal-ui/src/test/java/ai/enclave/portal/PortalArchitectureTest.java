package ai.enclave.portal;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import ai.enclave.portal.shell.AreaPage;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.vaadin.flow.router.Route;

/** The portal shows and wires; business rules and persistence stay in domain/ and security/. */
@AnalyzeClasses(packages = "ai.enclave", importOptions = ImportOption.DoNotIncludeTests.class)
class PortalArchitectureTest {

    @ArchTest
    static final ArchRule views_do_not_touch_persistence_directly = noClasses()
            .that()
            .resideInAPackage("..ui..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("jakarta.persistence..");

    @ArchTest
    static final ArchRule domain_and_services_know_nothing_of_vaadin = noClasses()
            .that()
            .resideInAnyPackage("..domain..", "..service..")
            .should()
            .dependOnClassesThat()
            .resideInAPackage("com.vaadin..");

    @ArchTest
    static final ArchRule every_route_names_the_area_whose_roles_may_open_it =
            classes().that().areAnnotatedWith(Route.class).should().beAnnotatedWith(AreaPage.class);
}
