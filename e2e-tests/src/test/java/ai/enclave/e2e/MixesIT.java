package ai.enclave.e2e;

import static ai.enclave.e2e.pages.VaadinFields.choose;
import static ai.enclave.e2e.pages.VaadinFields.press;
import static ai.enclave.e2e.pages.VaadinFields.select;
import static ai.enclave.e2e.pages.VaadinFields.shown;
import static ai.enclave.e2e.pages.VaadinFields.type;
import static com.codeborne.selenide.Condition.attribute;
import static com.codeborne.selenide.Condition.exactText;
import static com.codeborne.selenide.Condition.text;
import static com.codeborne.selenide.Condition.visible;
import static com.codeborne.selenide.Selenide.$;
import static com.codeborne.selenide.Selenide.open;

import ai.enclave.e2e.pages.KeycloakLoginPage;
import com.codeborne.selenide.SelenideElement;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;

/**
 * Mixing two sources in the browser: a data steward tests a saved source's connection, prepares it
 * with a new tokenizer and a
 * second with the first one's tokenizer, sees the snapshot's statistics drawn as charts, makes a 3:1
 * mix and is warned that the small source would be repeated too often for the budget she plans
 * for; an ML engineer then trains on the mix, and the run says it reads the mix. The data steward
 * cannot delete that mix (the refusal names the run) but deletes one nobody trained on.
 */
@Order(3)
@ExtendWith({EnclaveStack.class, Browser.class})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MixesIT {

    private static final Path CORPUS = Path.of("../installer/src/main/resources/demo-corpus");
    private static final String LARGE = "speeches";
    private static final String SMALL = "letters";
    private static final String MIX = "speeches-and-letters";
    private static final Duration WORK = Duration.ofMinutes(4);

    private static Path large;
    private static Path small;

    private final KeycloakLoginPage login = new KeycloakLoginPage();

    /** Seven of the demo texts in one folder, the other three in another. */
    @BeforeAll
    static void twoFoldersOfDocuments() throws IOException {
        large = folder("enclave-e2e-large-");
        small = folder("enclave-e2e-small-");
        List<Path> texts;
        try (Stream<Path> files = Files.list(CORPUS)) {
            texts = files.filter(p -> p.toString().endsWith(".txt")).sorted().toList();
        }
        for (int i = 0; i < texts.size(); i++) {
            Path text = texts.get(i);
            Files.copy(text, (i < 7 ? large : small).resolve(text.getFileName()));
        }
    }

    @Test
    @Order(1)
    void a_data_steward_prepares_two_sources_with_one_tokenizer_and_sees_the_statistics_as_charts() {
        signIn(TestUser.DANA_STEWARD);
        open("/data");
        addSource(LARGE, large);
        addSource(SMALL, small);

        $("#sources-grid")
                .$(byCell(LARGE))
                .scrollIntoView("{block: \"center\"}")
                .click();
        press("test-saved-source");
        shown("saved-source-check-result").shouldHave(attribute("data-ok", "true"), Duration.ofSeconds(60));
        shown("run-pipeline").shouldHave(text(LARGE));
        press("run-pipeline");
        shown("snapshot-state").shouldHave(exactText("succeeded"), WORK);
        shown("snapshot-stages-chart").shouldBe(visible).shouldHave(text("quality"));
        shown("snapshot-languages-chart").shouldBe(visible).shouldHave(text("en"));

        $("#sources-grid")
                .$(byCell(SMALL))
                .scrollIntoView("{block: \"center\"}")
                .click();
        select("pipeline-tokenizer", LARGE);
        shown("pipeline-vocab-size").shouldNotBe(visible);
        shown("run-pipeline").shouldHave(text(SMALL));
        press("run-pipeline");
        shown("snapshot-state").shouldHave(exactText("succeeded"), WORK);
    }

    @Test
    @Order(2)
    void a_mix_that_repeats_its_small_source_too_often_is_flagged_before_it_is_made() {
        signIn(TestUser.DANA_STEWARD);
        open("/data");

        type("mix-name", MIX);
        select("mix-snapshot-0", LARGE);
        select("mix-snapshot-1", SMALL);
        type("mix-weight-0", "3");
        type("mix-weight-1", "1");
        type("mix-budget", "400000");
        shown("mix-plan-row-0").shouldHave(text("75% of the tokens"));
        shown("mix-warning-1").shouldBe(visible).shouldHave(text(SMALL)).shouldHave(text("times"));
        press("create-mix");

        shown("mixes-grid").shouldHave(text(MIX)).shouldHave(text("75%")).shouldHave(text("25%"));
    }

    @Test
    @Order(3)
    void an_ml_engineer_trains_on_the_mix() {
        signIn(TestUser.MEL_ENGINEER);
        open("/training");

        type("run-name", "mixed-tiny");
        choose("run-data", "Mix " + MIX);
        type("run-steps", "20");
        type("run-seq-len", "32");
        type("run-batch-size", "4");
        shown("run-data-0").shouldHave(text("read"));
        shown("run-data-1").shouldHave(text("read"));
        press("launch-run");

        shown("run-data-label").shouldHave(exactText("mix " + MIX));
        shown("run-state").shouldHave(exactText("succeeded"), WORK);
        shown("run-model-link").shouldBe(visible);
    }

    @Test
    @Order(4)
    void a_mix_a_run_reads_is_kept_and_one_no_run_reads_is_deleted_after_confirming() {
        signIn(TestUser.DANA_STEWARD);
        open("/data");

        deleteMix(MIX);
        $("vaadin-notification-card").shouldHave(text("cannot be deleted")).shouldHave(text("mixed-tiny"));
        shown("mixes-grid").shouldHave(text(MIX));

        String spare = "spare-mix";
        type("mix-name", spare);
        select("mix-snapshot-0", LARGE);
        select("mix-snapshot-1", SMALL);
        press("create-mix");
        shown("mixes-grid").shouldHave(text(spare));
        deleteMixButton(spare).click();
        press("cancel-delete-mix");
        shown("mixes-grid").shouldHave(text(spare));

        deleteMix(spare);
        shown("mixes-grid").shouldNotHave(text(spare)).shouldHave(text(MIX));
    }

    /** "Delete" on the mix's row, then "Delete" in the confirmation dialog. */
    private static void deleteMix(String name) {
        deleteMixButton(name).click();
        press("confirm-delete-mix");
    }

    private static SelenideElement deleteMixButton(String name) {
        return $("#mixes-grid")
                .$("vaadin-button.delete-mix[data-mix='" + name + "']")
                .shouldBe(visible)
                .scrollIntoView("{block: \"center\"}");
    }

    private static void addSource(String name, Path folder) {
        type("source-name", name);
        type("source-path", folder.toString());
        press("add-source");
        shown("sources-grid").shouldHave(text(name));
    }

    /** The grid cell showing exactly {@code text}: Vaadin grids keep cell content in light-DOM slots. */
    private static By byCell(String text) {
        return By.xpath(".//vaadin-grid-cell-content[normalize-space(.)='" + text + "']");
    }

    private void signIn(TestUser user) {
        open("/");
        login.signInAs(user.username, user.password);
        shown("dashboard").shouldBe(visible);
    }

    private static Path folder(String prefix) throws IOException {
        Path dir = Files.createTempDirectory(prefix);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        return dir;
    }
}
