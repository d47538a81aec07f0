package ai.enclave.e2e.pages;

import static com.codeborne.selenide.Condition.text;
import static com.codeborne.selenide.Condition.visible;
import static com.codeborne.selenide.Selenide.$;
import static com.codeborne.selenide.Selenide.$$;
import static com.codeborne.selenide.Selenide.actions;

import com.codeborne.selenide.ClickOptions;
import com.codeborne.selenide.SelenideElement;
import com.codeborne.selenide.ex.UIAssertionError;
import java.time.Duration;
import org.openqa.selenium.Keys;

/**
 * Typing into Vaadin's fields and choosing in its lists the way a person does: the native input that
 * Vaadin's text, text-area and number fields keep in the light DOM, and the overlay items of a select
 * or a combo box.
 */
public final class VaadinFields {

    /**
     * Scrolled to the middle of the view first: the app layout scrolls an inner container, and an
     * element the browser only scrolls to the edge can sit under a notification there.
     */
    private static final String CENTER = "{block: \"center\"}";

    private VaadinFields() {}

    /** The element by id, scrolled to the middle of the view, for reading or checking it. */
    public static SelenideElement shown(String id) {
        return $("#" + id).scrollIntoView(CENTER);
    }

    /** Clicks a button (or anything clickable) by id, in the middle of the view. */
    public static void press(String id) {
        $("#" + id).shouldBe(visible).scrollIntoView(CENTER).click();
    }

    /** Replaces the value of a text, text-area, integer or number field. */
    public static void type(String fieldId, String value) {
        SelenideElement input = $("#" + fieldId).$("input, textarea").shouldBe(visible);
        input.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
        input.sendKeys(value);
        input.sendKeys(Keys.TAB);
    }

    /**
     * Opens a vaadin-select and picks the item showing {@code label}. When the page is still laying out
     * what loaded above the select as the overlay opens, the overlay can stay where the select was, its
     * items out of the view; a person would close it and open it again, and so does this.
     */
    public static void select(String selectId, String label) {
        for (int attempt = 1; ; attempt++) {
            press(selectId);
            // the items live in the select's own light DOM; other selects on the page hold items too
            SelenideElement item = $("#" + selectId)
                    .$$("vaadin-select-item[role=option]")
                    .findBy(text(label))
                    .shouldBe(visible);
            try {
                item.click(ClickOptions.usingDefaultMethod().timeout(Duration.ofSeconds(5)));
                return;
            } catch (UIAssertionError outOfReach) {
                if (attempt == 3) throw outOfReach;
                actions().sendKeys(Keys.ESCAPE).perform();
            }
        }
    }

    /** Types into a vaadin-combo-box to filter it and picks the item showing {@code label}. */
    public static void choose(String comboBoxId, String label) {
        SelenideElement input = $("#" + comboBoxId).$("input").shouldBe(visible);
        input.scrollIntoView(CENTER).click();
        input.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
        input.sendKeys(label);
        $$("vaadin-combo-box-item").findBy(text(label)).shouldBe(visible).click();
    }
}
