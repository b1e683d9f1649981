package io.emarsysdest.server.console;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;

/**
 * Real headless Chromium driven through the local chromedriver (Debian's chromium and chromium-driver packages;
 * scripts/test-browser.sh installs them). Paths come from EMD_TEST_CHROMIUM and EMD_TEST_CHROMEDRIVER, by default
 * /usr/bin/chromium and /usr/bin/chromedriver. Both are given explicitly, so Selenium Manager never downloads
 * anything. One browser per test class: open it in @BeforeAll, close it in @AfterAll.
 */
final class Browser implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(20);
    private final ChromeDriver driver;
    private final WebDriverWait wait;
    private final Path profile;

    private Browser(ChromeDriver driver, Path profile) {
        this.driver = driver;
        this.profile = profile;
        this.wait = new WebDriverWait(driver, WAIT);
    }

    static Browser start() throws IOException {
        String chromium = env("EMD_TEST_CHROMIUM", "/usr/bin/chromium");
        String chromedriver = env("EMD_TEST_CHROMEDRIVER", "/usr/bin/chromedriver");
        if (!Files.isExecutable(Path.of(chromium)) || !Files.isExecutable(Path.of(chromedriver))) {
            throw new IllegalStateException("the console's browser tests need Chromium and chromedriver (" + chromium + ", "
                    + chromedriver + "): run scripts/test-browser.sh (./test does), or set EMD_TEST_CHROMIUM/EMD_TEST_CHROMEDRIVER");
        }
        System.setProperty("webdriver.chrome.driver", chromedriver);
        Path profile = Files.createTempDirectory("emd-chromium-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(chromium);
        // without the background-networking switches Chromium waits on services it cannot reach on a closed network
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-dev-shm-usage", "--window-size=1400,1000", "--user-data-dir=" + profile);
        // leaving an editor with unsaved edits asks the browser (beforeunload); the next test's page load goes ahead
        options.setUnhandledPromptBehaviour(org.openqa.selenium.UnexpectedAlertBehaviour.ACCEPT);
        // the page's console (failed loads such as a missing favicon, Content-Security-Policy violations, errors)
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(chromedriver)).usingAnyFreePort().build();
        return new Browser(new ChromeDriver(service, options), profile);
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    ChromeDriver driver() {
        return driver;
    }

    void open(String url) {
        driver.get(url);
    }

    WebElement visible(By by) {
        return wait.until(ExpectedConditions.visibilityOfElementLocated(by));
    }

    WebElement visible(String css) {
        return visible(By.cssSelector(css));
    }

    /** Waits until the element's text contains the fragment; answers the element's text. */
    String textContains(String css, String fragment) {
        try {
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(css), fragment));
        } catch (org.openqa.selenium.TimeoutException e) {
            List<WebElement> found = driver.findElements(By.cssSelector(css));
            throw new AssertionError("'" + css + "' never contained '" + fragment + "'; it holds: "
                    + (found.isEmpty() ? "(no such element)" : found.get(0).getText()) + "\npage: " + pageText(), e);
        }
        return driver.findElement(By.cssSelector(css)).getText();
    }

    String pageText() {
        return driver.findElement(By.tagName("body")).getText();
    }

    void click(String css) {
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector(css))).click();
    }

    void type(String css, String text) {
        WebElement el = visible(css);
        el.clear();
        el.sendKeys(text);
    }

    void choose(String css, String value) {
        new Select(visible(css)).selectByValue(value);
    }

    /** Sets a textarea's value at once (long JSON typed key by key is slow) and tells the page it changed. */
    void setValue(String css, String value) {
        WebElement el = visible(css);
        ((JavascriptExecutor) driver).executeScript(
                "arguments[0].value = arguments[1]; arguments[0].dispatchEvent(new Event('input', {bubbles: true}));", el, value);
    }

    Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
    }

    /** Resizes the window (the page's viewport follows). */
    void size(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
    }

    /** Errors the page's console logged since the last call (reading them clears them). */
    List<String> consoleErrors() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).map(LogEntry::getMessage).toList();
    }

    /**
     * Runs axe-core over the page as it is now; answers its serious and critical violations, one line each with the
     * offending elements (empty when there are none).
     */
    List<String> accessibilityViolations() {
        if (!Boolean.TRUE.equals(script("return typeof window.axe === 'object';"))) script(AxeCore.source());
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(60));
        Object result = ((JavascriptExecutor) driver).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                axe.run(document, { resultTypes: ['violations'] })
                  .then((r) => done(r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
                    .map((v) => `${v.impact} ${v.id} (${v.help}): ` + v.nodes.slice(0, 5)
                      .map((n) => `${n.target.join(' ')} -- ${n.failureSummary.replace(/\s+/g, ' ')}`).join(' | '))))
                  .catch((e) => done(['axe failed: ' + e]));""");
        return ((List<?>) result).stream().map(String::valueOf).toList();
    }

    /** Saves a screenshot under target/ for a failed test (the path is returned for the failure message). */
    Path screenshot(String name) {
        try {
            Path out = Path.of("target", "browser-screenshots", name.replaceAll("[^A-Za-z0-9._/-]+", "_") + ".png");
            Files.createDirectories(out.getParent());
            Files.write(out, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
            return out;
        } catch (Exception e) {
            return null;
        }
    }

    @Override
    public void close() {
        try {
            driver.quit();
        } finally {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException ignored) {
                // a temporary profile left behind is harmless
            }
        }
    }
}
