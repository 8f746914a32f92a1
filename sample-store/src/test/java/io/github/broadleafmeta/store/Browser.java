package io.github.broadleafmeta.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.logging.Level;
import java.util.stream.Collectors;

/**
 * Debian's headless Chromium driven by Selenium against the running store ({@link RunningStore}).
 *
 * <p>The browser cannot reach Meta: {@code fbevents.js} never loads, so Meta's base code keeps every
 * {@code fbq(...)} call in {@code window.fbq.queue}, which {@link #fbqQueue()} reads — init, consent, track calls
 * with their parameters and eventID, in call order.
 *
 * <p>Nothing is downloaded: the driver and browser binaries are Debian's ({@code chromium}, {@code chromium-driver}),
 * so Selenium Manager is never asked for one.
 */
final class Browser implements AutoCloseable {

    static final String CHROMEDRIVER = "/usr/bin/chromedriver";
    static final String CHROMIUM = "/usr/bin/chromium";

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Network failures every page has here, by design: no internet for fbevents.js, no favicon in the store. */
    private static final List<String> EXPECTED_NETWORK_ERRORS = List.of("connect.facebook.net", "/favicon.ico");

    final ChromeDriver driver;
    private final String base;

    private Browser(ChromeDriver driver, String base) {
        this.driver = driver;
        this.base = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    /** A fresh browser (no cookies) on the shared running store. */
    static Browser open() {
        if (!Files.isExecutable(Paths.get(CHROMEDRIVER)) || !Files.isExecutable(Paths.get(CHROMIUM))) {
            throw new IllegalStateException("Browser tests need Debian's Chromium: " + CHROMEDRIVER + " and " + CHROMIUM
                    + " (apt-get install -y chromium chromium-driver). Without them `mvn verify` skips *BrowserIT.");
        }
        String site = RunningStore.get().siteUrl();
        System.setProperty("webdriver.chrome.driver", CHROMEDRIVER);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM);
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--window-size=1280,1000");
        LoggingPreferences logs = new LoggingPreferences();
        logs.enable(LogType.BROWSER, Level.ALL);
        // DevTools network events, read by requestedUrls().
        logs.enable(LogType.PERFORMANCE, Level.ALL);
        options.setCapability("goog:loggingPrefs", logs);
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER)).usingAnyFreePort().build();
        ChromeDriver driver = new ChromeDriver(service, options);
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
        return new Browser(driver, site);
    }

    void get(String path) {
        driver.get(path.startsWith("http") ? path : base + (path.startsWith("/") ? path : "/" + path));
        awaitCompletePage();
    }

    /**
     * Waits for a complete document with a body. In two CI runs (2026-12-07, ConsentBrowserIT) the page was read
     * right after {@code driver.get} returned and held its head without a body, or no pixel snippet at all; a page
     * read once complete is the page as served, so a page really missing the snippet still fails, by name.
     */
    void awaitCompletePage() {
        try {
            new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> Boolean.TRUE.equals(
                    script("return document.readyState === 'complete' && document.body !== null;")));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("the page never completed: " + driver.getCurrentUrl() + " (readyState "
                    + script("return document.readyState;") + ")", e);
        }
    }

    String path() {
        return driver.getCurrentUrl().substring(base.length());
    }

    WebElement one(String css) {
        return driver.findElement(By.cssSelector(css));
    }

    Object script(String js, Object... args) {
        return ((JavascriptExecutor) driver).executeScript(js, args);
    }

    /** Every fbq call of the current page, in call order, each as its argument list. */
    @SuppressWarnings("unchecked")
    List<List<Object>> fbqQueue() {
        Object queue = script("return window.fbq && window.fbq.queue ? window.fbq.queue.map(a => Array.from(a)) : null;");
        if (queue == null) {
            throw new AssertionError("no fbq queue on " + driver.getCurrentUrl() + ": the pixel snippet did not render"
                    + " (readyState " + script("return document.readyState;") + ", an fbq call in the HTML: "
                    + script("return document.documentElement.outerHTML.indexOf('fbq(') >= 0;") + ")");
        }
        return (List<List<Object>>) queue;
    }

    /** The {@code fbq('track'|'trackCustom', name, params, {eventID})} calls named {@code name}. */
    List<Track> tracks(String name) {
        List<Track> found = new ArrayList<>();
        for (List<Object> call : fbqQueue()) {
            Track t = Track.of(call);
            if (t != null && t.name.equals(name)) {
                found.add(t);
            }
        }
        return found;
    }

    Track only(String name) {
        List<Track> found = tracks(name);
        if (found.size() != 1) {
            throw new AssertionError("expected one " + name + " on " + driver.getCurrentUrl() + ", found "
                    + found.size() + " in " + fbqQueue());
        }
        return found.get(0);
    }

    /** Index of the first queue entry whose first arguments are {@code prefix}, or -1. */
    int indexOf(Object... prefix) {
        List<List<Object>> queue = fbqQueue();
        for (int i = 0; i < queue.size(); i++) {
            List<Object> call = queue.get(i);
            if (call.size() >= prefix.length && call.subList(0, prefix.length).equals(List.of(prefix))) {
                return i;
            }
        }
        return -1;
    }

    void await(Predicate<Browser> condition, String what) {
        try {
            new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> condition.test(this));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("timed out waiting for " + what + " on " + driver.getCurrentUrl()
                    + "; fbq queue: " + fbqQueue(), e);
        }
    }

    /** The console's SEVERE entries, minus the network failures every page has in this sandbox. */
    List<String> severeConsoleEntries() {
        return driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue())
                .map(LogEntry::getMessage)
                .filter(m -> EXPECTED_NETWORK_ERRORS.stream().noneMatch(m::contains))
                .collect(Collectors.toList());
    }

    /**
     * Every URL the browser asked for since the previous call (DevTools {@code Network.requestWillBeSent} events from
     * the performance log, which also lists requests that failed, such as fbevents.js here).
     */
    List<String> requestedUrls() {
        List<String> urls = new ArrayList<>();
        for (LogEntry entry : driver.manage().logs().get(LogType.PERFORMANCE).getAll()) {
            try {
                JsonNode message = JSON.readTree(entry.getMessage()).path("message");
                if ("Network.requestWillBeSent".equals(message.path("method").asText())) {
                    urls.add(message.path("params").path("request").path("url").asText());
                }
            } catch (IOException e) {
                throw new AssertionError("unreadable performance log entry", e);
            }
        }
        return urls;
    }

    /** The {@code src} of every {@code <script>} and {@code <img>} now in the page, and every resource timing entry. */
    @SuppressWarnings("unchecked")
    List<String> pageResourceUrls() {
        return (List<String>) script("return Array.from(document.querySelectorAll('script[src],img[src]'))"
                + ".map(e => e.src).concat(performance.getEntries().map(e => e.name));");
    }

    /** A PNG of the page: in target/browser-screenshots, or in {@code -Ddocs.img.dir=../docs/img} to refresh the README's. */
    void screenshot(String fileName) throws Exception {
        Path dir = Paths.get(System.getProperty("docs.img.dir", "target/browser-screenshots"));
        Files.createDirectories(dir);
        Files.write(dir.resolve(fileName), driver.getScreenshotAs(OutputType.BYTES));
    }

    @Override
    public void close() {
        driver.quit();
    }

    /** One track / trackCustom call from the queue. */
    static final class Track {
        final String method;
        final String name;
        final Map<String, Object> params;
        final String eventId;

        private Track(String method, String name, Map<String, Object> params, String eventId) {
            this.method = method;
            this.name = name;
            this.params = params;
            this.eventId = eventId;
        }

        @SuppressWarnings("unchecked")
        static Track of(List<Object> call) {
            if (call.size() < 2 || !("track".equals(call.get(0)) || "trackCustom".equals(call.get(0)))) {
                return null;
            }
            Map<String, Object> params = call.size() > 2 && call.get(2) instanceof Map
                    ? (Map<String, Object>) call.get(2) : Map.of();
            String eventId = call.size() > 3 && call.get(3) instanceof Map
                    ? (String) ((Map<String, Object>) call.get(3)).get("eventID") : null;
            return new Track((String) call.get(0), (String) call.get(1), params, eventId);
        }

        java.math.BigDecimal value() {
            return new java.math.BigDecimal(String.valueOf(params.get("value")));
        }

        @Override
        public String toString() {
            return method + " " + name + " " + params + " eventID=" + eventId;
        }
    }
}
