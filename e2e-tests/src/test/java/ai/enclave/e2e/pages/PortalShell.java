package ai.enclave.e2e.pages;

import static com.codeborne.selenide.Condition.visible;
import static com.codeborne.selenide.Selenide.$;

import com.codeborne.selenide.SelenideElement;

/** The portal's application shell: navigation, user menu, and the views the tests reach through it. */
public final class PortalShell {

    public SelenideElement dashboard() {
        return $("#dashboard");
    }

    public SelenideElement adminEntry() {
        return $("#nav-admin");
    }

    public SelenideElement usersGrid() {
        return $("#users-grid");
    }

    public SelenideElement notAllowed() {
        return $("#not-allowed");
    }

    public PortalShell shouldShowDashboard() {
        dashboard().shouldBe(visible);
        return this;
    }

    public void openAdmin() {
        adminEntry().click();
    }

    /** Opens the user menu (a Vaadin menu bar) and chooses "Sign out". */
    public void signOut() {
        $("#user-menu vaadin-menu-bar-button").click();
        $("#sign-out").click();
    }
}
