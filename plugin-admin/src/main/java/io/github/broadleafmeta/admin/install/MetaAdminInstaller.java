package io.github.broadleafmeta.admin.install;

import io.github.broadleafmeta.core.jdbc.JdbcTables;
import io.github.broadleafmeta.core.outbox.JdbcOutbox;
import io.github.broadleafmeta.core.settings.JdbcSettingsStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Runs once when the admin starts: creates the plugin's tables if missing ({@code META_SETTINGS}, the event
 * outbox) and installs its admin menu entry and permission. Plain JDBC, insert-if-missing, so it works on a store
 * database created long before the plugin (no Hibernate import files, which only run on schema creation).
 *
 * <p>Ids come from the block reserved for this plugin, -9900..-9999 (the framework's own rows stay above -1000):
 * <ul>
 * <li>{@value #PERMISSION_ID} {@value #PERMISSION_NAME}: the friendly permission shown in Role Management, with
 * child {@value #CHILD_PERMISSION_ID} {@value #CHILD_PERMISSION_NAME}, the authority the screens check;</li>
 * <li>{@value #SECTION_ID} the section "Meta Pixel" at {@value #SECTION_URL}, in the Settings module (-5) or, when a
 * store has removed that module, in its own module {@value #MODULE_ID};</li>
 * <li>the role ROLE_ADMIN (-1) gets the permission when the permission is first installed (a later removal by an
 * operator is respected).</li>
 * </ul>
 */
public class MetaAdminInstaller {

    private static final Log LOG = LogFactory.getLog(MetaAdminInstaller.class);

    public static final long PERMISSION_ID = -9910L;
    public static final String PERMISSION_NAME = "PERMISSION_META_PIXEL";
    public static final long CHILD_PERMISSION_ID = -9911L;
    /** The authority a user holds when one of their roles (or they) have {@link #PERMISSION_NAME}. */
    public static final String CHILD_PERMISSION_NAME = "PERMISSION_ALL_META_PIXEL";
    public static final long SECTION_ID = -9920L;
    public static final String SECTION_KEY = "MetaPixel";
    public static final String SECTION_URL = "/meta-pixel";
    public static final long MODULE_ID = -9930L;
    public static final long SETTINGS_MODULE_ID = -5L;
    public static final long ADMIN_ROLE_ID = -1L;

    private final DataSource dataSource;
    private final JdbcSettingsStore settingsStore;
    private final JdbcOutbox outbox;

    public MetaAdminInstaller(DataSource dataSource, JdbcSettingsStore settingsStore, JdbcOutbox outbox) {
        if (dataSource == null || settingsStore == null || outbox == null) {
            throw new IllegalArgumentException("dataSource, settingsStore and outbox are required");
        }
        this.dataSource = dataSource;
        this.settingsStore = settingsStore;
        this.outbox = outbox;
    }

    /** Never fails the admin's start: problems are logged, the rest of the admin works. */
    public void install() {
        try {
            settingsStore.initialize();
        } catch (RuntimeException e) {
            LOG.error("Meta admin: could not create the settings table; the Meta Pixel screens will fail", e);
        }
        try {
            outbox.initialize();
        } catch (RuntimeException e) {
            LOG.error("Meta admin: could not create or migrate the event outbox; the dashboard will fail", e);
        }
        try {
            installSecurity();
        } catch (SQLException e) {
            LOG.error("Meta admin: could not install the Meta Pixel menu entry and permission", e);
        }
    }

    /** Inserts the missing rows in one transaction. */
    public void installSecurity() throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            if (!tableExists(c, "BLC_ADMIN_SECTION") || !tableExists(c, "BLC_ADMIN_PERMISSION")) {
                LOG.warn("Meta admin: Broadleaf's admin tables do not exist yet; menu entry not installed");
                return;
            }
            boolean autoCommit = c.getAutoCommit();
            c.setAutoCommit(false);
            try {
                boolean newPermission = insertIfMissing(c, "BLC_ADMIN_PERMISSION", "ADMIN_PERMISSION_ID",
                        PERMISSION_ID, "INSERT INTO BLC_ADMIN_PERMISSION (ADMIN_PERMISSION_ID, DESCRIPTION, NAME, "
                                + "PERMISSION_TYPE, IS_FRIENDLY) VALUES (?, ?, ?, ?, ?)",
                        PERMISSION_ID, "Manage Meta Pixel and Conversions API", PERMISSION_NAME, "ALL", Boolean.TRUE);
                insertIfMissing(c, "BLC_ADMIN_PERMISSION", "ADMIN_PERMISSION_ID", CHILD_PERMISSION_ID,
                        "INSERT INTO BLC_ADMIN_PERMISSION (ADMIN_PERMISSION_ID, DESCRIPTION, NAME, PERMISSION_TYPE, "
                                + "IS_FRIENDLY) VALUES (?, ?, ?, ?, ?)",
                        CHILD_PERMISSION_ID, "All Meta Pixel", CHILD_PERMISSION_NAME, "ALL", Boolean.FALSE);
                linkIfMissing(c, "BLC_ADMIN_PERMISSION_XREF", "ADMIN_PERMISSION_ID", PERMISSION_ID,
                        "CHILD_PERMISSION_ID", CHILD_PERMISSION_ID);

                long moduleId = SETTINGS_MODULE_ID;
                if (!exists(c, "BLC_ADMIN_MODULE", "ADMIN_MODULE_ID", SETTINGS_MODULE_ID)) {
                    moduleId = MODULE_ID;
                    insertIfMissing(c, "BLC_ADMIN_MODULE", "ADMIN_MODULE_ID", MODULE_ID,
                            "INSERT INTO BLC_ADMIN_MODULE (ADMIN_MODULE_ID, NAME, MODULE_KEY, ICON, DISPLAY_ORDER) "
                                    + "VALUES (?, ?, ?, ?, ?)",
                            MODULE_ID, "Meta", "MetaPixelModule", "icon-bullhorn", 750);
                }
                insertIfMissing(c, "BLC_ADMIN_SECTION", "ADMIN_SECTION_ID", SECTION_ID,
                        "INSERT INTO BLC_ADMIN_SECTION (ADMIN_SECTION_ID, DISPLAY_ORDER, ADMIN_MODULE_ID, NAME, "
                                + "SECTION_KEY, URL) VALUES (?, ?, ?, ?, ?, ?)",
                        SECTION_ID, 5000, moduleId, "Meta Pixel", SECTION_KEY, SECTION_URL);
                linkIfMissing(c, "BLC_ADMIN_SEC_PERM_XREF", "ADMIN_SECTION_ID", SECTION_ID, "ADMIN_PERMISSION_ID",
                        PERMISSION_ID);
                linkIfMissing(c, "BLC_ADMIN_SEC_PERM_XREF", "ADMIN_SECTION_ID", SECTION_ID, "ADMIN_PERMISSION_ID",
                        CHILD_PERMISSION_ID);
                if (newPermission && exists(c, "BLC_ADMIN_ROLE", "ADMIN_ROLE_ID", ADMIN_ROLE_ID)) {
                    linkIfMissing(c, "BLC_ADMIN_ROLE_PERMISSION_XREF", "ADMIN_ROLE_ID", ADMIN_ROLE_ID,
                            "ADMIN_PERMISSION_ID", PERMISSION_ID);
                }
                c.commit();
                if (newPermission) {
                    LOG.info("Meta admin: installed the Meta Pixel section (" + SECTION_URL + ") and permission "
                            + PERMISSION_NAME + " (granted to ROLE_ADMIN)");
                }
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(autoCommit);
            }
        }
    }

    private static boolean insertIfMissing(Connection c, String table, String idColumn, long id, String insert,
            Object... values) throws SQLException {
        if (exists(c, table, idColumn, id)) {
            return false;
        }
        try (PreparedStatement ps = c.prepareStatement(insert)) {
            for (int i = 0; i < values.length; i++) {
                ps.setObject(i + 1, values[i]);
            }
            ps.executeUpdate();
        }
        return true;
    }

    private static void linkIfMissing(Connection c, String table, String col1, long v1, String col2, long v2)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + table + " WHERE " + col1
                + " = ? AND " + col2 + " = ?")) {
            ps.setLong(1, v1);
            ps.setLong(2, v2);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                if (rs.getLong(1) > 0) {
                    return;
                }
            }
        }
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + table + " (" + col1 + ", " + col2
                + ") VALUES (?, ?)")) {
            ps.setLong(1, v1);
            ps.setLong(2, v2);
            ps.executeUpdate();
        }
    }

    private static boolean exists(Connection c, String table, String idColumn, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM " + table + " WHERE " + idColumn
                + " = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1) > 0;
            }
        }
    }

    private static boolean tableExists(Connection c, String table) throws SQLException {
        return JdbcTables.exists(c, table);
    }
}
