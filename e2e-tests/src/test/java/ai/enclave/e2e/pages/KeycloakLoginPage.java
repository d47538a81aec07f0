package ai.enclave.e2e.pages;

import static com.codeborne.selenide.Condition.visible;
import static com.codeborne.selenide.Selenide.$;

import com.codeborne.selenide.SelenideElement;

/** Keycloak's sign-in page (theme keycloak.v2) for the realm enclave. */
public final class KeycloakLoginPage {

    public KeycloakLoginPage shouldBeShown() {
        $("#kc-form-login").shouldBe(visible);
        return this;
    }

    public void signInAs(String username, String password) {
        shouldBeShown();
        $("#username").setValue(username);
        $("#password").setValue(password);
        $("#kc-login").click();
    }

    /** Keycloak's "Update password" page, shown when the password was temporary. */
    public SelenideElement newPasswordField() {
        return $("#password-new");
    }

    /** The message Keycloak shows under the username after a failed sign-in. */
    public SelenideElement error() {
        return $("#input-error-username");
    }
}
