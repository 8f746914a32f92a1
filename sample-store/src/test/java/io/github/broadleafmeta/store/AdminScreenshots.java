package io.github.broadleafmeta.store;

import io.github.broadleafmeta.core.outbox.OutboxRow;
import io.github.broadleafmeta.core.outbox.JdbcOutbox;
import io.github.broadleafmeta.core.outbox.OutboxConfig;
import io.github.broadleafmeta.core.outbox.OutboxEntry;
import io.github.broadleafmeta.core.outbox.OutboxError;
import io.github.broadleafmeta.store.StoreClient.Page;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.hsqldb.jdbc.JDBCDataSource;

/**
 * A docs task, not a test: renders the README's screenshots of the Meta Pixel admin section from the running admin,
 * with sample delivery data. Run it with {@code ./docs/screenshots.sh} (needs Debian's {@code chromium}); it boots
 * the store the way the integration tests do. The pages are fetched with a logged-in session, saved with a
 * {@code <base>} pointing at the admin (its CSS and images need no login) and photographed by headless Chromium;
 * PNGs go to {@code docs/img/} (or the directory given as the first argument).
 */
final class AdminScreenshots {

    private static final String PIXEL = "1234567890123456";
    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String TOKEN = "EAAGscreenshotTokenNeverShown";

    private AdminScreenshots() {
    }

    public static void main(String[] args) {
        int status = 0;
        try {
            render(new File(args.length > 0 ? args[0] : "docs/img").getCanonicalFile());
        } catch (Exception | AssertionError e) {
            e.printStackTrace();
            status = 1;
        }
        // The store (started by RunningStore) stops in its shutdown hook.
        System.exit(status);
    }

    private static void render(File out) throws Exception {
        if (!new File(CHROMIUM).canExecute()) {
            throw new IllegalStateException("screenshots need Debian's chromium at " + CHROMIUM
                    + " (apt-get install -y chromium)");
        }
        if (!out.isDirectory() && !out.mkdirs()) {
            throw new IllegalStateException("cannot create " + out);
        }
        seedDeliveryLog();
        StoreClient admin = RunningStore.admin();
        Page login = admin.get("/admin/login");
        admin.submit(login.one("form"), Map.of("j_username", "admin", "j_password", "admin"));
        admin.submitLikeBrowser(admin.browse("/admin/meta-pixel/settings").one("form[data-test=settings-form]"),
                Map.of("meta.pixel.id", PIXEL, "meta.capi.accessToken", TOKEN,
                        "meta.capi.testEventCode", "TEST24851",
                        "meta.capi.testEventCodeExpiresAt", Instant.now().plus(Duration.ofDays(2))
                                .truncatedTo(ChronoUnit.HOURS).toString()));
        try {
            shoot(admin, "/admin/meta-pixel", new File(out, "admin-dashboard.png"), 1280, 1480);
            shoot(admin, "/admin/meta-pixel/settings", new File(out, "admin-settings.png"), 1280, 1500);
            shoot(admin, "/admin/meta-pixel/events", new File(out, "admin-delivery-log.png"), 1280, 900);
        } finally {
            try (Connection c = RunningStore.database(); Statement s = c.createStatement()) {
                s.executeUpdate("DELETE FROM META_SETTINGS");
            }
        }
        System.out.println("Screenshots written to " + out);
    }

    private static void shoot(StoreClient admin, String path, File png, int width, int height) throws Exception {
        Page page = admin.browse(path);
        if (page.status != 200) {
            throw new IllegalStateException(path + " answered " + page.status);
        }
        if (page.body.contains(TOKEN)) {
            throw new IllegalStateException(path + " shows the access token; not photographing it");
        }
        String base = RunningStore.get().adminUrl();
        // Scripts are left out: they only add behaviour and would call the admin without the session cookie.
        String html = page.body.replaceFirst("<head>", "<head><base href=\"" + base + "\"/>")
                .replaceAll("(?s)<script\\b.*?</script>", "");
        File file = File.createTempFile("meta-admin-", ".html");
        Files.write(file.toPath(), html.getBytes(StandardCharsets.UTF_8));
        File profile = Files.createTempDirectory("meta-chromium").toFile();
        // The saved page is a file: URL; the admin's fonts are served over HTTP without CORS headers.
        Process p = new ProcessBuilder(CHROMIUM, "--headless=new", "--no-sandbox", "--disable-gpu",
                "--hide-scrollbars", "--disable-web-security", "--user-data-dir=" + profile.getAbsolutePath(),
                "--screenshot=" + png.getAbsolutePath(), "--window-size=" + width + "," + height,
                file.toURI().toString()).redirectErrorStream(true).start();
        p.getInputStream().transferTo(System.out);
        if (!p.waitFor(120, TimeUnit.SECONDS) || !png.isFile()) {
            throw new IllegalStateException("chromium wrote no " + png);
        }
        file.delete();
    }

    /** Two days of plausible traffic: mostly delivered, a few retries, one rejected event, match keys varying. */
    private static void seedDeliveryLog() throws Exception {
        var s = RunningStore.get().settings();
        JDBCDataSource db = new JDBCDataSource();
        db.setUrl(s.jdbcUrl());
        db.setUser(s.jdbcUser());
        db.setPassword(s.jdbcPassword());
        JdbcOutbox outbox = new JdbcOutbox(db, OutboxConfig.ofDefaults(), Clock.systemUTC());
        outbox.initialize();
        Random random = new Random(7);
        String[] names = {"ViewContent", "ViewContent", "ViewContent", "AddToCart", "AddToCart", "Search",
                "InitiateCheckout", "Purchase"};
        Instant now = Instant.now();
        List<String[]> created = new ArrayList<>();
        for (int hour = 23; hour >= 0; hour--) {
            int n = 3 + random.nextInt(hour > 8 && hour < 16 ? 6 : 14);
            for (int i = 0; i < n; i++) {
                String name = names[random.nextInt(names.length)];
                String id = "shot" + hour + "x" + i + "x" + Long.toHexString(random.nextLong());
                String keys = "ip,ua,fbp" + (random.nextInt(10) < 7 ? ",em" : "") + (random.nextInt(10) < 4 ? ",ph" : "")
                        + (random.nextInt(10) < 3 ? ",fbc" : "") + (name.equals("Purchase") ? ",em,ph,external_id" : "");
                String order = name.equals("Purchase") ? "BB" + (1000 + hour * 10 + i) : null;
                outbox.enqueue(OutboxEntry.builder().pixelId(PIXEL).eventName(name).eventId(id)
                        .eventTime(now.getEpochSecond()).payloadJson("{\"event_name\":\"" + name
                                + "\",\"event_id\":\"" + id + "\",\"action_source\":\"website\"}")
                        .orderNumber(order).matchKeys(keys).build());
                String status = hour == 0 && i < 3 ? "PENDING" : random.nextInt(60) == 0 ? "REJECTED" : "SENT";
                created.add(new String[] {id, status, String.valueOf(hour)});
            }
        }
        List<OutboxRow> claimed = outbox.claim("screenshots", 1000, Duration.ofMinutes(5));
        List<OutboxRow> sent = new ArrayList<>();
        List<OutboxRow> rejected = new ArrayList<>();
        List<OutboxRow> pending = new ArrayList<>();
        for (OutboxRow e : claimed) {
            String status = created.stream().filter(c -> c[0].equals(e.eventId())).map(c -> c[1]).findFirst()
                    .orElse("PENDING");
            (status.equals("SENT") ? sent : status.equals("REJECTED") ? rejected : pending).add(e);
        }
        outbox.markSent(sent, 1, "AbXyTrace" + random.nextInt(1000));
        outbox.markRejected(rejected, new OutboxError(100, 2804019, "Invalid parameter: value must be a number",
                "A1b2C3d4E5trace"));
        outbox.release(pending, now);
        try (Connection c = DriverManager.getConnection(s.jdbcUrl(), s.jdbcUser(), s.jdbcPassword());
                PreparedStatement ps = c.prepareStatement(
                        "UPDATE META_EVENT_OUTBOX SET created_at = ? WHERE event_id = ?")) {
            for (String[] row : created) {
                long hourAgo = Long.parseLong(row[2]);
                ps.setLong(1, now.minus(Duration.ofHours(hourAgo)).minusSeconds(random.nextInt(3000)).toEpochMilli());
                ps.setString(2, row[0]);
                ps.executeUpdate();
            }
        }
        // With an outbox that records browser copies (a later schema), most events had one.
        try (Connection c = DriverManager.getConnection(s.jdbcUrl(), s.jdbcUser(), s.jdbcPassword());
                Statement st = c.createStatement()) {
            st.executeUpdate("UPDATE META_EVENT_OUTBOX SET browser_rendered_at = created_at "
                    + "WHERE MOD(id, 9) <> 0 AND event_id LIKE 'shot%'");
        } catch (java.sql.SQLException e) {
            // No such column yet: the dashboard says the report is not available.
        }
    }
}
