package dev.keel.itests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Headless Chromium driven by Selenium, for the web console's end-to-end
 * tests: Debian's {@code /usr/bin/chromium} and {@code /usr/bin/chromedriver}
 * (never a browser or driver Selenium would download), a fresh profile, no
 * background networking; screenshots go to {@code target/console-screenshots/}.
 */
final class Browser implements AutoCloseable {

    static final Path CHROMIUM = Path.of(System.getProperty("keel.chromium", "/usr/bin/chromium"));
    static final Path DRIVER = Path.of(System.getProperty("keel.chromedriver", "/usr/bin/chromedriver"));
    static final Path SCREENSHOTS = Path.of("target", "console-screenshots");

    final ChromeDriver driver;
    private final Path profile;
    private final Path screenshots;
    private int shot;

    Browser() throws IOException {
        this(SCREENSHOTS);
    }

    /** A browser that keeps its screenshots in {@code screenshots} (emptied first). */
    Browser(Path screenshots) throws IOException {
        this.screenshots = screenshots;
        profile = Files.createTempDirectory("keel chromium ");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-default-apps", "--disable-extensions", "--disable-dev-shm-usage",
                "--user-data-dir=" + profile, "--window-size=1280,900");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(DRIVER.toFile())
                .usingAnyFreePort().build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(20));
        Files.createDirectories(screenshots);
        try (var old = Files.newDirectoryStream(screenshots, "*.png")) {
            for (Path png : old) {
                Files.delete(png);
            }
        }
    }

    /** Whether this machine has the browser and its driver (.ci/install-test-deps installs them). */
    static boolean installed() {
        return Files.isExecutable(CHROMIUM) && Files.isExecutable(DRIVER);
    }

    void open(String url) {
        driver.get(url);
    }

    WebElement find(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    List<WebElement> all(String css) {
        return driver.findElements(By.cssSelector(css));
    }

    /** Waits up to {@code seconds} for a condition that answers non-null and non-false. */
    <T> T await(String what, int seconds, Function<WebDriver, T> condition) {
        // an element that a re-render replaced between finding and reading it: the next poll finds the new one
        return new WebDriverWait(driver, Duration.ofSeconds(seconds)).withMessage(what).pollingEvery(
                Duration.ofMillis(200)).ignoring(StaleElementReferenceException.class).until(condition);
    }

    WebElement awaitElement(String css) {
        return await("an element " + css, 30, d -> {
            List<WebElement> found = d.findElements(By.cssSelector(css));
            return found.isEmpty() ? null : found.get(0);
        });
    }

    /**
     * An attribute of every element a selector finds, read in one script: the pages re-render while they poll,
     * so elements found first and read later may be gone.
     */
    @SuppressWarnings("unchecked")
    List<String> attributes(String css, String name) {
        return (List<String>) driver.executeScript("return Array.from(document.querySelectorAll(arguments[0]))"
                + ".map(e => e.getAttribute(arguments[1]));", css, name);
    }

    /** An element by its id (ids with dots, as the configuration fields have, are no CSS selectors). */
    WebElement awaitId(String id) {
        return await("an element #" + id, 30, d -> {
            List<WebElement> found = d.findElements(By.id(id));
            return found.isEmpty() ? null : found.get(0);
        });
    }

    void click(String css) {
        awaitElement(css).click();
    }

    /** Saves what the browser shows as {@code NN-name.png}. */
    void screenshot(String name) {
        Path png = driver.getScreenshotAs(OutputType.FILE).toPath();
        try {
            Files.copy(png, screenshots.resolve(String.format("%02d-%s.png", ++shot, name)),
                    StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void size(int width, int height) {
        driver.manage().window().setSize(new Dimension(width, height));
    }

    @Override
    public void close() throws IOException {
        try {
            driver.quit();
        } finally {
            try (var files = Files.walk(profile)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
