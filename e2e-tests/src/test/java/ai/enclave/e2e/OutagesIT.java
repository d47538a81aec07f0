package ai.enclave.e2e;

import static com.codeborne.selenide.Condition.text;
import static com.codeborne.selenide.Condition.visible;
import static com.codeborne.selenide.Selenide.$;
import static com.codeborne.selenide.Selenide.open;
import static org.assertj.core.api.Assertions.assertThat;

import ai.enclave.e2e.pages.KeycloakLoginPage;
import ai.enclave.e2e.pages.PortalShell;
import ai.enclave.installer.DataDir;
import ai.enclave.installer.Versions;
import ai.enclave.installer.os.DetachedProcess;
import ai.enclave.installer.postgres.PostgresServer;
import java.time.Duration;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The portal while a service it depends on is down: pages say so plainly and recover when it is
 * back. Runs after every other test of the shared stack, because the last one leaves Keycloak
 * stopped.
 */
@Order(7)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@ExtendWith({EnclaveStack.class, Browser.class})
class OutagesIT {

    private final KeycloakLoginPage login = new KeycloakLoginPage();
    private final PortalShell portal = new PortalShell();

    @Test
    @Order(1)
    void pages_say_database_unavailable_while_postgresql_is_stopped_and_recover_when_it_returns() {
        open("/");
        login.signInAs(TestUser.ALICE_ADMIN.username, TestUser.ALICE_ADMIN.password);
        portal.shouldShowDashboard();
        PostgresServer postgres = embeddedPostgres();

        postgres.stop();
        try {
            open("/admin/users");
            $("#database-unavailable").shouldBe(visible).shouldHave(text("Database unavailable"));
        } finally {
            postgres.start();
        }

        open("/admin/users");
        portal.usersGrid().shouldBe(visible).shouldHave(text(TestUser.ALICE_ADMIN.username));
    }

    @Test
    @Order(2)
    void the_portal_says_sign_in_is_not_available_while_keycloak_is_unreachable() {
        DataDir data = new DataDir(EnclaveStack.dataDir());
        new DetachedProcess("keycloak", data.pidFile("keycloak"), data.log("keycloak")).stop(Duration.ofSeconds(30));

        open("/");

        $("#plain-page").shouldBe(visible).shouldHave(text("Sign-in is not available right now"));
        assertThat($("#plain-page").getText()).contains(EnclaveStack.keycloakUrl());
    }

    private static PostgresServer embeddedPostgres() {
        DataDir data = new DataDir(EnclaveStack.dataDir());
        return new PostgresServer(
                data.runtime("postgresql-" + Versions.POSTGRESQL),
                data.serviceDir("postgres").resolve("cluster"),
                "127.0.0.1",
                Integer.parseInt(EnclaveStack.environment().get("ENCLAVE_POSTGRES_PORT")));
    }
}
