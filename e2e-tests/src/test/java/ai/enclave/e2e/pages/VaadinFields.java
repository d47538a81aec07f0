package ai.enclave.e2e.pages;

import static com.codeborne.selenide.Condition.text;
import static com.codeborne.selenide.Condition.visible;
import static com.codeborne.selenide.Selenide.$;
import static com.codeborne.selenide.Selenide.$$;

import com.codeborne.selenide.SelenideElement;
import org.openqa.selenium.Keys;

/**
 * Typing into Vaadin's fields and choosing in its lists the way a person does: the native input that
 * Vaadin's text, text-area and number fields keep in the light DOM, and the overlay items of a select
 * or a combo box.
 */
public final class VaadinFields {

    private VaadinFields() {}

    /** Replaces the value of a text, text-area, integer or number field. */
    public static void type(String fieldId, String value) {
        SelenideElement input = $("#" + fieldId).$("input, textarea").shouldBe(visible);
        input.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
        input.sendKeys(value);
        input.sendKeys(Keys.TAB);
    }

    /** Opens a vaadin-select and picks the item showing {@code label}. */
    public static void select(String selectId, String label) {
        $("#" + selectId).shouldBe(visible).click();
        $$("vaadin-select-item").findBy(text(label)).shouldBe(visible).click();
    }

    /** Types into a vaadin-combo-box to filter it and picks the item showing {@code label}. */
    public static void choose(String comboBoxId, String label) {
        SelenideElement input = $("#" + comboBoxId).$("input").shouldBe(visible);
        input.click();
        input.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
        input.sendKeys(label);
        $$("vaadin-combo-box-item").findBy(text(label)).shouldBe(visible).click();
    }
}
