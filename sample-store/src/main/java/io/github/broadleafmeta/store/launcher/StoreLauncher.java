package io.github.broadleafmeta.store.launcher;

import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.eclipse.jetty.webapp.WebAppContext;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Scanner;

/**
 * Starts the BrewBeans storefront and its admin in one JVM, each as a real web application in Jetty 9.4 with its
 * own class loader (Broadleaf's load-time class transformers need that), both on the same database.
 *
 * <p>The JVM needs {@code -javaagent:spring-instrument.jar} and {@code --add-opens java.base/java.lang} and
 * {@code java.util}; {@code ./run.sh} and the integration tests pass them.
 */
public final class StoreLauncher implements AutoCloseable {

    static final String WEBAPP_CLASSPATH_RESOURCE = "META-INF/brewbeans/webapp.classpath";
    private static final String[] SCHEMA_UNITS = {"blPU", "blSecurePU", "blCMSStorage"};
    /** The persistence unit that creates the schema of a new database and loads the seed files. */
    private static final String SEEDED_UNIT = "blPU";
    private static final String SEED_FILES = "/config/bc/sql/load_admin_permissions.sql,"
            + "/config/bc/sql/load_admin_roles.sql,/config/bc/sql/load_admin_menu.sql,/sql/brewbeans-catalog.sql";

    private final StoreSettings settings;
    private final StoreDatabase database;
    private Server siteServer;
    private Server adminServer;
    private boolean seeded;

    private StoreLauncher(StoreSettings settings) {
        this.settings = settings;
        this.database = new StoreDatabase(settings);
    }

    public static void main(String[] args) throws Exception {
        final StoreLauncher launcher;
        try {
            launcher = start(StoreSettings.fromEnvironment(System.getenv()));
        } catch (IllegalArgumentException e) {
            System.err.println("Configuration error: " + e.getMessage());
            System.exit(2);
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(launcher::close, "brewbeans-shutdown"));
        System.out.println();
        System.out.println("BrewBeans is ready.");
        System.out.println("  Storefront: " + launcher.siteUrl());
        System.out.println("  Admin:      " + launcher.adminUrl() + "  (login: admin)");
        System.out.println("  Data:       " + launcher.settings.dataDir());
        System.out.println("  Database:   " + (launcher.seeded ? "new (schema created, catalog seeded)"
                : "existing (schema updated, not seeded)"));
        System.out.println("Press Ctrl-C to stop.");
        launcher.siteServer.join();
    }

    /** Boots the storefront (which creates and seeds a new database), then the admin. Blocks until both serve. */
    public static StoreLauncher start(StoreSettings settings) throws Exception {
        StoreLauncher launcher = new StoreLauncher(settings);
        try {
            launcher.boot();
            return launcher;
        } catch (Exception e) {
            launcher.close();
            throw e;
        } catch (Error e) {
            launcher.close();
            throw e;
        }
    }

    private void boot() throws Exception {
        File dataDir = settings.dataDir();
        if (!dataDir.isDirectory() && !dataDir.mkdirs()) {
            throw new IOException("Cannot create the data directory " + dataDir);
        }
        commonSystemProperties();
        seeded = database.isEmpty();
        String extraClasspath = webappClasspath();

        // The storefront goes first: on a new database it creates the schema and loads the seed data, and the
        // admin must never create (drop) tables.
        schemaMode(seeded);
        siteServer = startWebapp("site", "/", settings.sitePort(), extraClasspath);
        if (seeded) {
            database.verifySeed();
        }
        schemaMode(false);
        adminServer = startWebapp("admin", "/admin", settings.adminPort(), extraClasspath);
        database.ensureAdminUser(settings.adminPassword());
    }

    private void commonSystemProperties() {
        System.setProperty("store.data.dir", settings.dataDir().getPath());
        System.setProperty("store.jdbc.url", settings.jdbcUrl());
        System.setProperty("store.jdbc.user", settings.jdbcUser());
        System.setProperty("store.jdbc.password", settings.jdbcPassword());
        System.setProperty("store.jdbc.driver", database.driverClassName());
        System.setProperty("store.site.port", String.valueOf(settings.sitePort()));
        System.setProperty("store.admin.port", String.valueOf(settings.adminPort()));
        for (String unit : SCHEMA_UNITS) {
            System.setProperty(unit + ".hibernate.dialect", database.hibernateDialect());
        }
        // The plugin's key for saved secrets lives beside the store's data, never in its database.
        if (System.getProperty("meta.secrets.keyFile") == null && System.getenv("META_SECRETS_KEY_FILE") == null) {
            System.setProperty("meta.secrets.keyFile", new File(settings.dataDir(), "meta-secrets.key").getPath());
        }
        for (Map.Entry<String, String> e : settings.pluginProperties().entrySet()) {
            if (System.getProperty(e.getKey()) == null) {
                System.setProperty(e.getKey(), e.getValue());
            }
        }
        // Broadleaf's embedded search and file services write here.
        File tmp = new File(settings.dataDir(), "tmp");
        tmp.mkdirs();
    }

    /**
     * Broadleaf reads the schema mode from system properties when each web application's context refreshes. On a
     * new database only {@code blPU} runs "create" (which loads the seed files); the other units come after it and
     * share its SEQUENCE_GENERATOR table, which their own "create" would drop and recreate, losing the seeded id
     * floors, so they only "update" (add their missing tables).
     */
    private static void schemaMode(boolean newDatabase) {
        for (String unit : SCHEMA_UNITS) {
            System.setProperty(unit + ".hibernate.hbm2ddl.auto", "update");
        }
        if (newDatabase) {
            System.setProperty(SEEDED_UNIT + ".hibernate.hbm2ddl.auto", "create");
            System.setProperty(SEEDED_UNIT + ".hibernate.hbm2ddl.import_files", SEED_FILES);
        } else {
            System.clearProperty(SEEDED_UNIT + ".hibernate.hbm2ddl.import_files");
        }
    }

    private Server startWebapp(String name, String contextPath, int port, String extraClasspath) throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool(64, 4);
        threads.setName("brewbeans-" + name);
        Server server = new Server(threads);
        ServerConnector connector = new ServerConnector(server);
        connector.setHost(settings.host());
        connector.setPort(port);
        connector.setName(name);
        server.addConnector(connector);

        WebAppContext webapp = new WebAppContext();
        webapp.setDisplayName("brewbeans-" + name);
        webapp.setContextPath(contextPath);
        webapp.setBaseResource(org.eclipse.jetty.util.resource.Resource.newResource(webappDirectory(name)));
        // Like a WAR's WEB-INF/lib: Broadleaf must be loaded (and transformed) by the web application's loader.
        webapp.setParentLoaderPriority(false);
        webapp.setExtraClasspath(extraClasspath);
        webapp.setThrowUnavailableOnStartupException(true);
        // env-entry support (java:comp/env) for the appName Broadleaf uses in its JMX names.
        webapp.setConfigurationClasses(new String[] {
            "org.eclipse.jetty.webapp.WebInfConfiguration",
            "org.eclipse.jetty.webapp.WebXmlConfiguration",
            "org.eclipse.jetty.plus.webapp.EnvConfiguration",
            "org.eclipse.jetty.plus.webapp.PlusConfiguration",
            "org.eclipse.jetty.webapp.JettyWebXmlConfiguration",
        });
        // Broadleaf builds template paths with a double slash, which Jetty otherwise refuses as an alias.
        webapp.addAliasCheck(new ContextHandler.ApproveAliases());
        webapp.setTempDirectory(new File(settings.dataDir(), "jetty-" + name));
        webapp.setInitParameter("org.eclipse.jetty.servlet.Default.dirAllowed", "false");
        server.setHandler(webapp);
        server.setStopAtShutdown(false);
        server.setStopTimeout(10000);
        server.start();
        if (!webapp.isAvailable()) {
            server.stop();
            throw new IllegalStateException("The " + name + " web application failed to start; see the log above");
        }
        return server;
    }

    private static URL webappDirectory(String name) {
        URL url = StoreLauncher.class.getClassLoader().getResource("webapps/" + name + "/WEB-INF/web.xml");
        if (url == null) {
            throw new IllegalStateException("webapps/" + name + " is missing from the class path; build sample-store");
        }
        try {
            return new URL(url, "../");
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The store's own classes plus its runtime dependencies, minus what the container provides. */
    static String webappClasspath() throws IOException, URISyntaxException {
        List<String> entries = new ArrayList<String>();
        entries.add(new File(StoreLauncher.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .getAbsolutePath());
        InputStream in = StoreLauncher.class.getClassLoader().getResourceAsStream(WEBAPP_CLASSPATH_RESOURCE);
        if (in == null) {
            throw new IllegalStateException(WEBAPP_CLASSPATH_RESOURCE + " is missing; build sample-store with Maven");
        }
        String listed;
        try {
            Scanner scanner = new Scanner(in, StandardCharsets.UTF_8.name()).useDelimiter("\\A");
            listed = scanner.hasNext() ? scanner.next().trim() : "";
        } finally {
            in.close();
        }
        for (String entry : listed.split(File.pathSeparator)) {
            if (!entry.trim().isEmpty()) {
                entries.add(entry.trim());
            }
        }
        StringBuilder joined = new StringBuilder();
        for (String entry : entries) {
            if (joined.length() > 0) {
                joined.append(';');
            }
            joined.append(entry);
        }
        return joined.toString();
    }

    public String siteUrl() {
        return "http://" + settings.host() + ":" + localPort(siteServer) + "/";
    }

    public String adminUrl() {
        return "http://" + settings.host() + ":" + localPort(adminServer) + "/admin/";
    }

    /** True when this start created and seeded a new database. */
    public boolean seededNewDatabase() {
        return seeded;
    }

    public StoreSettings settings() {
        return settings;
    }

    private static int localPort(Server server) {
        return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    /** Stops the admin, then the storefront (each finishes its requests first), then closes the database. */
    @Override
    public void close() {
        stopQuietly(adminServer);
        adminServer = null;
        stopQuietly(siteServer);
        siteServer = null;
        database.shutdownEmbedded();
    }

    private static void stopQuietly(Server server) {
        if (server == null) {
            return;
        }
        try {
            server.stop();
        } catch (Exception e) {
            System.err.println("Error while stopping " + server + ": " + e);
        }
    }
}
