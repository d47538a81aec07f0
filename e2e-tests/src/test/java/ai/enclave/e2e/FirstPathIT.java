package ai.enclave.e2e;

import static ai.enclave.e2e.pages.VaadinFields.press;
import static ai.enclave.e2e.pages.VaadinFields.select;
import static ai.enclave.e2e.pages.VaadinFields.shown;
import static ai.enclave.e2e.pages.VaadinFields.type;
import static com.codeborne.selenide.Condition.enabled;
import static com.codeborne.selenide.Condition.exactText;
import static com.codeborne.selenide.Condition.exist;
import static com.codeborne.selenide.Condition.hidden;
import static com.codeborne.selenide.Condition.text;
import static com.codeborne.selenide.Condition.value;
import static com.codeborne.selenide.Condition.visible;
import static com.codeborne.selenide.Selenide.$;
import static com.codeborne.selenide.Selenide.$$;
import static com.codeborne.selenide.Selenide.open;
import static org.assertj.core.api.Assertions.assertThat;

import ai.enclave.e2e.pages.KeycloakLoginPage;
import com.codeborne.selenide.CollectionCondition;
import com.codeborne.selenide.Selenide;
import com.codeborne.selenide.WebDriverRunner;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The product's main path in headless chromium, each step by the role that does it: a data steward
 * turns a folder of documents into a snapshot, an ML engineer trains a tiny model on it and deploys
 * it, an employee chats with it and finds the conversation again after a reload, and a program talks
 * to it through the OpenAI-compatible API with the unmodified {@code openai} client library. The
 * steps build on each other, so they run in order on the one stack.
 */
@Order(2)
@ExtendWith({EnclaveStack.class, Browser.class})
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FirstPathIT {

    /** The demo's public-domain texts: ten documents, two of which the quality filter drops. */
    private static final Path CORPUS = Path.of("../installer/src/main/resources/demo-corpus");

    private static final int KEPT_DOCUMENTS = 8;
    private static final String SOURCE = "handbook";
    private static final String RUN = "handbook-tiny";
    private static final String DEPLOYMENT = "handbook";
    private static final Duration WORK = Duration.ofMinutes(4);

    private static Path documents;
    private static final String CHAT_MESSAGE = "Four score and seven years ago";
    /** The chat page's reply and the seed it was sampled with, which the API test asks for again. */
    private static String chatReply;

    private static long chatSeed;

    private final KeycloakLoginPage login = new KeycloakLoginPage();

    @BeforeAll
    static void copyTheDocumentsWhereTheWorkersCanReadThem() throws IOException {
        documents = Files.createTempDirectory("enclave-e2e-documents-");
        Files.setPosixFilePermissions(documents, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (Stream<Path> texts = Files.list(CORPUS)) {
            for (Path text : texts.filter(p -> p.toString().endsWith(".txt")).toList()) {
                Files.copy(text, documents.resolve(text.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    @Test
    @Order(1)
    void a_data_steward_turns_a_folder_into_a_snapshot_with_the_documents_the_filters_keep() {
        signIn(TestUser.DANA_STEWARD);
        open("/data");

        type("source-name", SOURCE);
        type("source-path", documents.toString());
        $("#add-source").click();
        $("#sources-grid").shouldHave(text(SOURCE));
        // the only source is chosen for the pipeline by itself (a click on its row would unselect it)
        $("#run-pipeline").shouldBe(enabled).click();

        $("#snapshots-grid").shouldHave(text(SOURCE));
        $("#snapshot-state").shouldHave(exactText("succeeded"), WORK);
        $("#snapshot-documents").shouldHave(exactText(Integer.toString(KEPT_DOCUMENTS)));
    }

    @Test
    @Order(2)
    void an_ml_engineer_trains_a_tiny_model_whose_eval_loss_falls() {
        signIn(TestUser.MEL_ENGINEER);
        open("/training");

        type("run-name", RUN);
        $("#run-preset input").shouldHave(value("TINY"));
        $("#run-data input").shouldHave(value(SOURCE));
        type("run-steps", "120");
        type("run-seq-len", "64");
        type("run-batch-size", "4");
        // 0.005 overshoots on these 2,300 tokens: the held-out loss rose after its first eval in some
        // tokenizations; at 0.002 it falls at every eval (checked with ./enclave train on the demo corpus)
        type("run-lr", "0.002");
        $("#run-estimate").shouldHave(text("FLOP"));
        press("launch-run");

        shown("run-state").shouldHave(exactText("succeeded"), WORK);
        $("#loss-chart").shouldBe(visible);
        double first = Double.parseDouble(
                shown("run-first-eval-loss").shouldNotBe(exactText("")).getText());
        double last = Double.parseDouble(shown("run-last-eval-loss").getText());
        assertThat(last).as("last eval loss vs first").isLessThan(first);
        shown("run-model-link").shouldBe(visible);
    }

    @Test
    @Order(3)
    void an_ml_engineer_deploys_the_model_and_it_becomes_ready() {
        signIn(TestUser.MEL_ENGINEER);
        open("/models");

        // the newest model version is chosen by default, and the newest deployment after Deploy
        $("#models-grid").shouldHave(text(RUN));
        type("deploy-name", DEPLOYMENT);
        $("#deploy-model").click();

        $("#deployments-grid").shouldHave(text(DEPLOYMENT));
        $("#deployment-status").shouldHave(exactText("ready"), WORK);
    }

    @Test
    @Order(4)
    void an_employee_gets_a_streamed_reply_that_is_still_there_after_a_reload() {
        signIn(TestUser.BOB_EMPLOYEE);
        open("/chat");

        select("chat-model", DEPLOYMENT);
        type("chat-input", CHAT_MESSAGE);
        $("#chat-send").click();

        $$("#chat-messages .chat-message.assistant").shouldHave(CollectionCondition.size(1));
        $("#chat-messages .chat-message.assistant.streaming").shouldNot(exist, WORK);
        $("#chat-stop").shouldBe(hidden);
        String reply = $("#chat-messages .chat-message.assistant").getText();
        assertThat(reply).isNotBlank();
        chatReply =
                $("#chat-messages .chat-message.assistant .chat-message-text").getText();
        chatSeed = Long.parseLong($("#chat-messages .chat-message.assistant").getAttribute("data-seed"));

        Selenide.refresh();

        $$("#chat-messages .chat-message").shouldHave(CollectionCondition.size(2));
        $("#chat-messages .chat-message.user").shouldHave(text(CHAT_MESSAGE));
        $("#chat-messages .chat-message.assistant").shouldHave(exactText(reply));
        $("#chat-history").shouldHave(text("Four score"));
    }

    @Test
    @Order(5)
    void a_message_longer_than_the_models_context_gets_a_clear_message_and_stays_saved() {
        signIn(TestUser.BOB_EMPLOYEE);
        open("/chat");
        String tooLong = (CHAT_MESSAGE + ", ").repeat(30);

        select("chat-model", DEPLOYMENT);
        type("chat-input", tooLong);
        $("#chat-send").click();

        $("vaadin-notification-card").shouldHave(text("reads at most"), WORK);
        $$("#chat-messages .chat-message.assistant").shouldHave(CollectionCondition.size(0));
        $$("#chat-messages .chat-message.user").shouldHave(CollectionCondition.size(1));
    }

    @Test
    @Order(6)
    void an_employee_is_refused_the_training_page_by_the_server() throws Exception {
        signIn(TestUser.BOB_EMPLOYEE);

        HttpResponse<String> response = getWithBrowserCookies("/training");

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.body()).contains("not allowed");
    }

    @Test
    @Order(7)
    void a_program_uses_the_deployment_through_the_unmodified_openai_client() throws Exception {
        signIn(TestUser.BOB_EMPLOYEE);
        open("/settings/api-keys");
        type("api-key-name", "e2e");
        $("#create-api-key").click();
        String key = $("#api-key-secret input").shouldBe(visible).getValue();

        JsonNode result = runOpenAiClient(key, DEPLOYMENT, 7);

        assertThat(result.path("models").toString()).contains(DEPLOYMENT);
        assertThat(result.path("content").asText()).isNotBlank();
        assertThat(result.path("streamed").asText())
                .as("streamed reply with the same seed")
                .isEqualTo(result.path("content").asText());
        assertThat(result.path("usage").path("completion_tokens").asInt()).isPositive();
        assertThat(result.path("refusedStatus").asInt()).isEqualTo(401);
        assertThat(normalised(result.path("replay").asText()))
                .as("the API's reply to the chat's message with the chat's seed")
                .isEqualTo(normalised(chatReply));
    }

    @Test
    @Order(8)
    void a_training_run_goes_on_while_the_portal_restarts_and_its_page_picks_it_up_again() throws Exception {
        signIn(TestUser.MEL_ENGINEER);
        open("/training");
        type("run-name", "survives-restart");
        type("run-steps", "3000");
        press("launch-run");
        shown("run-state").shouldHave(exactText("running"), WORK);
        String runPage = WebDriverRunner.url();
        JsonNode before = status();
        long portal = before.path("services").path("portal").path("pid").asLong();
        // the person comes back later: an open page's own reconnect attempts would race our visit
        open("about:blank");

        ProcessHandle.of(portal).ifPresent(ProcessHandle::destroy);
        ProcessHandle.of(portal).ifPresent(p -> p.onExit().join());
        for (JsonNode worker : before.path("workers")) {
            assertThat(ProcessHandle.of(worker.asLong()).map(ProcessHandle::isAlive))
                    .as("worker %s once the portal has stopped", worker)
                    .contains(true);
        }
        EnclaveStack.launcher(EnclaveStack.environment(), "start");

        open(runPage);
        shown("run-state").shouldHave(exactText("succeeded"), WORK);
        shown("run-steps-done").shouldHave(text("3000")).shouldNotHave(text("resumed"));
    }

    @Test
    @Order(9)
    void after_the_portal_restart_the_conversation_is_still_listed_with_every_message() {
        signIn(TestUser.BOB_EMPLOYEE);
        open("/chat");

        $$("#chat-history .chat-history-item")
                .findBy(exactText(CHAT_MESSAGE))
                .shouldBe(visible)
                .click();

        $("#chat-messages .chat-message.user").shouldHave(text(CHAT_MESSAGE));
        $("#chat-messages .chat-message.assistant .chat-message-text").shouldHave(exactText(chatReply));
    }

    @Test
    @Order(10)
    void an_ml_engineer_cancels_a_running_training_run() {
        signIn(TestUser.MEL_ENGINEER);
        open("/training");
        type("run-name", "cancelled-run");
        type("run-steps", "100000");
        press("launch-run");
        shown("run-state").shouldHave(exactText("running"), WORK);

        $("#cancel-run").click();

        shown("run-state").shouldHave(exactText("cancelled"), WORK);
        $("#run-model-link").shouldNotBe(visible);
    }

    /** Text as the browser shows it: runs of white space are one space there. */
    private static String normalised(String text) {
        return text.replaceAll("\\s+", " ").strip();
    }

    private static JsonNode status() throws IOException {
        return new ObjectMapper().readTree(EnclaveStack.launcher(EnclaveStack.environment(), "status", "--json"));
    }

    private void signIn(TestUser user) {
        open("/");
        login.signInAs(user.username, user.password);
        $("#dashboard").shouldBe(visible);
    }

    private static HttpResponse<String> getWithBrowserCookies(String path) throws Exception {
        String cookies = WebDriverRunner.getWebDriver().manage().getCookies().stream()
                .map(cookie -> cookie.getName() + "=" + cookie.getValue())
                .collect(Collectors.joining("; "));
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(
                    HttpRequest.newBuilder(URI.create(EnclaveStack.portalUrl() + path))
                            .header("Cookie", cookies)
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }

    /** Installs the pinned openai package (npm registry) once and runs src/test/node/openai-client.mjs. */
    private static JsonNode runOpenAiClient(String key, String model, long seed) throws Exception {
        Path client = Path.of("target/openai-client").toAbsolutePath();
        Files.createDirectories(client);
        for (String file : new String[] {"package.json", "package-lock.json", "openai-client.mjs"}) {
            Files.copy(Path.of("src/test/node", file), client.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        run(client, "npm", "ci", "--no-audit", "--no-fund", "--loglevel=error");
        ProcessBuilder node = new ProcessBuilder("node", "openai-client.mjs")
                .directory(client.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectError(client.resolve("node-stderr.log").toFile());
        node.environment().put("ENCLAVE_API_BASE", EnclaveStack.portalUrl() + "/v1");
        node.environment().put("ENCLAVE_API_KEY", key);
        node.environment().put("ENCLAVE_MODEL", model);
        node.environment().put("ENCLAVE_SEED", Long.toString(seed));
        node.environment().put("ENCLAVE_REPLAY_PROMPT", CHAT_MESSAGE);
        node.environment().put("ENCLAVE_REPLAY_SEED", Long.toString(chatSeed));
        Process process = node.start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(2, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue()).as("node output: %s", output).isZero();
        return new ObjectMapper()
                .readTree(output.strip().lines().reduce((a, b) -> b).orElseThrow());
    }

    /**
     * Runs a tool with its output captured: a child writing straight to this JVM's stdout, or reading
     * its stdin, would corrupt the test runner's channel to Maven.
     */
    private static void run(Path directory, String... command) throws Exception {
        Process process = new ProcessBuilder(command)
                .directory(directory.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectErrorStream(true)
                .start();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
        assertThat(process.exitValue())
                .as("%s:%n%s", String.join(" ", command), output)
                .isZero();
    }
}
