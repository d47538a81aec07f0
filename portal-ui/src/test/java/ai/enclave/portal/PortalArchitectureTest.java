package ai.enclave.portal;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

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
}
