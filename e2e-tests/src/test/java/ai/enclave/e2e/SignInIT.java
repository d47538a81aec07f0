package ai.enclave.e2e;

import static com.codeborne.selenide.Condition.exist;
import static com.codeborne.selenide.Condition.text;
import static com.codeborne.selenide.Condition.visible;
import static com.codeborne.selenide.Selenide.$;
import static com.codeborne.selenide.Selenide.open;
import static org.assertj.core.api.Assertions.assertThat;

import ai.enclave.e2e.pages.KeycloakLoginPage;
import ai.enclave.e2e.pages.PortalShell;
import com.codeborne.selenide.Selenide;
import com.codeborne.selenide.WebDriverRunner;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.Dimension;

/** Signing in and out through Keycloak, and what each role may see, in headless chromium. */
@Order(1)
@ExtendWith({EnclaveStack.class, Browser.class})
class SignInIT {

    private final KeycloakLoginPage login = new KeycloakLoginPage();
    private final PortalShell portal = new PortalShell();

    @Test
    void admin_signs_in_through_keycloak_and_sees_the_dashboard_and_the_users_list() {
        open("/");
        login.signInAs(TestUser.ALICE_ADMIN.username, TestUser.ALICE_ADMIN.password);

        portal.shouldShowDashboard();
        portal.openAdmin();
        portal.usersGrid().shouldBe(visible).shouldHave(text(TestUser.ALICE_ADMIN.username));
    }

    @Test
    void employee_sees_no_admin_entry_and_is_refused_the_admin_page_typed_as_a_url() {
        open("/");
        login.signInAs(TestUser.BOB_EMPLOYEE.username, TestUser.BOB_EMPLOYEE.password);
        portal.shouldShowDashboard();
        portal.adminEntry().shouldNot(exist);

        open("/admin/users");

        portal.notAllowed().shouldBe(visible).shouldHave(text("not allowed"));
        portal.usersGrid().shouldNot(exist);
    }

    @Test
    void the_server_answers_http_403_to_a_typed_url_the_role_may_not_use() throws Exception {
        open("/");
        login.signInAs(TestUser.BOB_EMPLOYEE.username, TestUser.BOB_EMPLOYEE.password);
        portal.shouldShowDashboard();
        String cookies = WebDriverRunner.getWebDriver().manage().getCookies().stream()
                .map(cookie -> cookie.getName() + "=" + cookie.getValue())
                .collect(Collectors.joining("; "));
        HttpRequest typed = HttpRequest.newBuilder(URI.create(EnclaveStack.portalUrl() + "/admin/users"))
                .header("Cookie", cookies)
                .build();

        HttpResponse<String> response;
        try (HttpClient client = HttpClient.newHttpClient()) {
            response = client.send(typed, HttpResponse.BodyHandlers.ofString());
        }

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("id=\"not-allowed\"").contains("not allowed");
    }

    @Test
    void on_a_phone_screen_the_pages_fit_the_width_and_the_navigation_opens_from_the_drawer_toggle() {
        open("/");
        WebDriverRunner.getWebDriver().manage().window().setSize(new Dimension(390, 844));
        login.signInAs(TestUser.ALICE_ADMIN.username, TestUser.ALICE_ADMIN.password);
        portal.shouldShowDashboard();

        $("#nav-admin").shouldNotBe(visible);
        $("vaadin-drawer-toggle").click();
        $("#nav-admin").shouldBe(visible);
        long overflow = Selenide.executeJavaScript(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth;");
        assertThat(overflow).as("horizontal overflow in pixels").isLessThanOrEqualTo(0);
    }

    @Test
    void the_first_admin_is_asked_for_a_new_password_at_the_first_sign_in() throws Exception {
        String initialPassword = Files.readString(EnclaveStack.dataDir().resolve("initial-admin-password"))
                .strip();

        open("/");
        login.signInAs("admin", initialPassword);

        login.newPasswordField().shouldBe(visible);
    }

    @Test
    void a_wrong_password_shows_keycloaks_error_and_stays_on_the_sign_in_page() {
        open("/");
        login.signInAs(TestUser.BOB_EMPLOYEE.username, "not-the-password");

        login.error().shouldBe(visible).shouldHave(text("Invalid username or password"));
        login.shouldBeShown();
    }

    @Test
    void signing_out_returns_to_the_keycloak_sign_in_page() {
        open("/");
        login.signInAs(TestUser.BOB_EMPLOYEE.username, TestUser.BOB_EMPLOYEE.password);
        portal.shouldShowDashboard();

        portal.signOut();

        login.shouldBeShown();
        open("/");
        login.shouldBeShown();
    }
}
