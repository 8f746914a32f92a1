package io.github.broadleafmeta.store.launcher;

import java.io.File;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How the sample store starts: ports, data directory, database and admin password. Read from the environment
 * (see README), every value with a default that works on a fresh machine.
 */
public final class StoreSettings {

    /** Environment variables that configure the Meta plugin; passed on to the store as system properties. */
    static final String[][] PLUGIN_VARIABLES = {
        {"META_PIXEL_ID", "meta.pixel.id"},
        {"META_CAPI_ACCESS_TOKEN", "meta.capi.accessToken"},
        {"META_CAPI_GRAPH_URL", "meta.capi.graphUrl"},
        {"META_CAPI_API_VERSION", "meta.capi.apiVersion"},
        {"META_CAPI_TEST_EVENT_CODE", "meta.capi.testEventCode"},
    };

    private final String host;
    private final int sitePort;
    private final int adminPort;
    private final File dataDir;
    private final String jdbcUrl;
    private final String jdbcUser;
    private final String jdbcPassword;
    private final String adminPassword;
    private final Map<String, String> pluginProperties;

    private StoreSettings(Builder b) {
        this.host = b.host;
        this.sitePort = b.sitePort;
        this.adminPort = b.adminPort;
        this.dataDir = b.dataDir.getAbsoluteFile();
        this.jdbcUrl = b.jdbcUrl != null ? b.jdbcUrl
                : "jdbc:hsqldb:file:" + new File(dataDir, "db/brewbeans").getPath()
                        + ";shutdown=true;hsqldb.write_delay=false;hsqldb.tx=mvcc";
        this.jdbcUser = b.jdbcUser != null ? b.jdbcUser : (b.jdbcUrl == null ? "sa" : "");
        this.jdbcPassword = b.jdbcPassword != null ? b.jdbcPassword : "";
        this.adminPassword = b.adminPassword;
        this.pluginProperties = Collections.unmodifiableMap(new LinkedHashMap<String, String>(b.pluginProperties));
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Settings from {@code STORE_*}, {@code ADMIN_PASSWORD} and {@code META_*} environment variables. */
    public static StoreSettings fromEnvironment(Map<String, String> env) {
        Builder b = builder();
        if (env.get("STORE_HOST") != null) {
            b.host(env.get("STORE_HOST"));
        }
        if (env.get("STORE_PORT") != null) {
            b.sitePort(port("STORE_PORT", env.get("STORE_PORT")));
        }
        if (env.get("ADMIN_PORT") != null) {
            b.adminPort(port("ADMIN_PORT", env.get("ADMIN_PORT")));
        }
        if (env.get("STORE_DATA_DIR") != null) {
            b.dataDir(new File(env.get("STORE_DATA_DIR")));
        }
        b.jdbcUrl(env.get("STORE_JDBC_URL")).jdbcUser(env.get("STORE_JDBC_USER"))
                .jdbcPassword(env.get("STORE_JDBC_PASSWORD"));
        if (env.get("ADMIN_PASSWORD") != null) {
            b.adminPassword(env.get("ADMIN_PASSWORD"));
        }
        for (String[] variable : PLUGIN_VARIABLES) {
            String value = env.get(variable[0]);
            if (value != null && !value.trim().isEmpty()) {
                b.pluginProperty(variable[1], value.trim());
            }
        }
        return b.build();
    }

    private static int port(String name, String value) {
        try {
            int port = Integer.parseInt(value.trim());
            if (port >= 0 && port <= 65535) {
                return port;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(name + " must be a TCP port number (0-65535), was: " + value);
    }

    public String host() {
        return host;
    }

    public int sitePort() {
        return sitePort;
    }

    public int adminPort() {
        return adminPort;
    }

    public File dataDir() {
        return dataDir;
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    public String jdbcUser() {
        return jdbcUser;
    }

    public String jdbcPassword() {
        return jdbcPassword;
    }

    public boolean isEmbeddedHsqldb() {
        return jdbcUrl.startsWith("jdbc:hsqldb:file:");
    }

    public String adminPassword() {
        return adminPassword;
    }

    /** {@code meta.*} system properties for the plugin, from the {@code META_*} variables. */
    public Map<String, String> pluginProperties() {
        return pluginProperties;
    }

    public static final class Builder {
        private String host = "127.0.0.1";
        private int sitePort = 8080;
        private int adminPort = 8081;
        private File dataDir = new File("data");
        private String jdbcUrl;
        private String jdbcUser;
        private String jdbcPassword;
        private String adminPassword = "admin";
        private final Map<String, String> pluginProperties = new LinkedHashMap<String, String>();

        private Builder() {
        }

        public Builder host(String host) {
            this.host = host;
            return this;
        }

        public Builder sitePort(int sitePort) {
            this.sitePort = sitePort;
            return this;
        }

        public Builder adminPort(int adminPort) {
            this.adminPort = adminPort;
            return this;
        }

        public Builder dataDir(File dataDir) {
            this.dataDir = dataDir;
            return this;
        }

        public Builder jdbcUrl(String jdbcUrl) {
            this.jdbcUrl = blankToNull(jdbcUrl);
            return this;
        }

        public Builder jdbcUser(String jdbcUser) {
            this.jdbcUser = jdbcUser;
            return this;
        }

        public Builder jdbcPassword(String jdbcPassword) {
            this.jdbcPassword = jdbcPassword;
            return this;
        }

        public Builder adminPassword(String adminPassword) {
            this.adminPassword = adminPassword;
            return this;
        }

        public Builder pluginProperty(String key, String value) {
            this.pluginProperties.put(key, value);
            return this;
        }

        public StoreSettings build() {
            if (adminPassword == null || adminPassword.isEmpty()) {
                throw new IllegalArgumentException("ADMIN_PASSWORD must not be empty");
            }
            if (jdbcUrl != null && !jdbcUrl.startsWith("jdbc:hsqldb:") && !jdbcUrl.startsWith("jdbc:postgresql:")
                    && !jdbcUrl.startsWith("jdbc:mariadb:")) {
                throw new IllegalArgumentException("STORE_JDBC_URL must be an HSQLDB, PostgreSQL or MariaDB"
                        + " (jdbc:mariadb://, also for MySQL) JDBC URL, was: " + jdbcUrl);
            }
            if (sitePort != 0 && sitePort == adminPort) {
                throw new IllegalArgumentException("STORE_PORT and ADMIN_PORT must differ, both were " + sitePort);
            }
            return new StoreSettings(this);
        }

        private static String blankToNull(String value) {
            return value == null || value.trim().isEmpty() ? null : value.trim();
        }
    }
}
