package ai.enclave.e2e;

import com.codeborne.selenide.Configuration;
import com.codeborne.selenide.Selenide;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * A fresh headless Debian chromium for every test (new profile directory: no cookie or Keycloak
 * session leaks from one test into the next). The chromedriver and browser paths are fixed so
 * Selenium Manager never runs (it would download drivers), and chromium is kept from looking up or
 * calling any outside host.
 */
public final class Browser implements BeforeEachCallback, AfterEachCallback {

    private Path profile;

    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";

    @Override
    public void beforeEach(ExtensionContext context) {
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments(
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-default-apps",
                "--host-resolver-rules=MAP * ~NOTFOUND , EXCLUDE localhost , EXCLUDE 127.0.0.1",
                "--window-size=1280,900",
                "--user-data-dir=" + (profile = freshProfile()));
        Configuration.browser = "chrome";
        Configuration.browserBinary = CHROMIUM;
        Configuration.headless = true;
        Configuration.browserCapabilities = options;
        Configuration.baseUrl = EnclaveStack.portalUrl();
        // Two cores shared with PostgreSQL, Keycloak and Payara: Vaadin's first render can be slow.
        Configuration.timeout = 30_000;
        Configuration.pageLoadTimeout = 60_000;
        Configuration.screenshots = true;
        Configuration.savePageSource = true;
        Configuration.reportsFolder = "target/selenide";
    }

    @Override
    public void afterEach(ExtensionContext context) throws IOException {
        Selenide.closeWebDriver();
        try (Stream<Path> paths = Files.walk(profile)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    private static Path freshProfile() {
        try {
            return Files.createTempDirectory("enclave-e2e-chromium-");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
