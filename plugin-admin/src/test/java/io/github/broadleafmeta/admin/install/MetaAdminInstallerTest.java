package io.github.broadleafmeta.admin.install;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.broadleafmeta.core.outbox.JdbcOutbox;
import io.github.broadleafmeta.core.outbox.OutboxConfig;
import io.github.broadleafmeta.core.settings.JdbcSettingsStore;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.UUID;
import javax.sql.DataSource;
import org.hsqldb.jdbc.JDBCDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MetaAdminInstallerTest {

    private DataSource ds;
    private MetaAdminInstaller installer;

    /** One in-memory HSQLDB per test. */
    static DataSource memoryDatabase() {
        JDBCDataSource ds = new JDBCDataSource();
        ds.setUrl("jdbc:hsqldb:mem:installer-" + UUID.randomUUID());
        ds.setUser("sa");
        return ds;
    }

    /** The columns Broadleaf 3.1's Hibernate mapping creates for the admin security tables. */
    private void createBroadleafTables(boolean withSettingsModule) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE BLC_ADMIN_MODULE (ADMIN_MODULE_ID BIGINT PRIMARY KEY, NAME VARCHAR(255) NOT NULL, "
                    + "MODULE_KEY VARCHAR(255) NOT NULL, ICON VARCHAR(255), DISPLAY_ORDER INT)");
            s.execute("CREATE TABLE BLC_ADMIN_SECTION (ADMIN_SECTION_ID BIGINT PRIMARY KEY, NAME VARCHAR(255) NOT NULL,"
                    + " SECTION_KEY VARCHAR(255) NOT NULL UNIQUE, URL VARCHAR(255), ADMIN_MODULE_ID BIGINT NOT NULL, "
                    + "DISPLAY_CONTROLLER VARCHAR(255), USE_DEFAULT_HANDLER BOOLEAN, CEILING_ENTITY VARCHAR(255), "
                    + "DISPLAY_ORDER INT)");
            s.execute("CREATE TABLE BLC_ADMIN_PERMISSION (ADMIN_PERMISSION_ID BIGINT PRIMARY KEY, "
                    + "NAME VARCHAR(255) NOT NULL, PERMISSION_TYPE VARCHAR(255) NOT NULL, "
                    + "DESCRIPTION VARCHAR(255) NOT NULL, IS_FRIENDLY BOOLEAN)");
            s.execute("CREATE TABLE BLC_ADMIN_PERMISSION_XREF (ADMIN_PERMISSION_ID BIGINT NOT NULL, "
                    + "CHILD_PERMISSION_ID BIGINT NOT NULL)");
            s.execute("CREATE TABLE BLC_ADMIN_SEC_PERM_XREF (ADMIN_SECTION_ID BIGINT NOT NULL, "
                    + "ADMIN_PERMISSION_ID BIGINT NOT NULL)");
            s.execute("CREATE TABLE BLC_ADMIN_ROLE (ADMIN_ROLE_ID BIGINT PRIMARY KEY, NAME VARCHAR(255) NOT NULL, "
                    + "DESCRIPTION VARCHAR(255) NOT NULL)");
            s.execute("CREATE TABLE BLC_ADMIN_ROLE_PERMISSION_XREF (ADMIN_ROLE_ID BIGINT NOT NULL, "
                    + "ADMIN_PERMISSION_ID BIGINT NOT NULL)");
            s.execute("INSERT INTO BLC_ADMIN_ROLE VALUES (-1, 'ROLE_ADMIN', 'Admin Master Access')");
            if (withSettingsModule) {
                s.execute("INSERT INTO BLC_ADMIN_MODULE VALUES (-5, 'Settings', 'BLCModuleConfiguration', "
                        + "'icon-gear', 700)");
            }
        }
    }

    private long count(String sql) throws SQLException {
        try (Connection c = ds.getConnection(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @BeforeEach
    void setUp() {
        ds = memoryDatabase();
        installer = new MetaAdminInstaller(ds, new JdbcSettingsStore(ds, JdbcSettingsStore.DEFAULT_CACHE_TTL, java.time.Clock.systemUTC(),
                io.github.broadleafmeta.core.settings.SecretCipher.of(io.github.broadleafmeta.core.settings.SecretCipher.newKey(), null, "test")),
                new JdbcOutbox(ds, OutboxConfig.ofDefaults(), Clock.systemUTC()));
    }

    @Test
    void shouldInstallSectionPermissionAndAdminRoleLink() throws Exception {
        createBroadleafTables(true);

        installer.install();

        assertThat(count("SELECT COUNT(*) FROM BLC_ADMIN_SECTION WHERE ADMIN_SECTION_ID = -9920 AND URL = "
                + "'/meta-pixel' AND ADMIN_MODULE_ID = -5 AND SECTION_KEY = 'MetaPixel'")).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM BLC_ADMIN_PERMISSION WHERE ADMIN_PERMISSION_ID IN (-9910, -9911)"))
                .isEqualTo(2);
        assertThat(count("SELECT COUNT(*) FROM BLC_ADMIN_PERMISSION_XREF WHERE ADMIN_PERMISSION_ID = -9910 "
                + "AND CHILD_PERMISSION_ID = -9911")).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM BLC_ADMIN_SEC_PERM_XREF WHERE ADMIN_SECTION_ID = -9920"))
                .isEqualTo(2);
        assertThat(count("SELECT COUNT(*) FROM BLC_ADMIN_ROLE_PERMISSION_XREF WHERE ADMIN_ROLE_ID = -1 "
                + "AND ADMIN_PERMISSION_ID = -9910")).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM META_SETTINGS")).isZero();
        assertThat(count("SELECT COUNT(*) FROM META_EVENT_OUTBOX")).isZero();
    }

    @Test
    void shouldBeIdempotent() throws Exception {
        createBroadleafTables(true);

        installer.install();
        installer.install();

        assertThat(count("SELECT COUNT(*) FROM BLC_ADMIN_SECTION")).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM BLC_ADMIN_SEC_PERM_XREF")).isEqualTo(2);
        assertThat(count("SELECT COUNT(*) FROM BLC_ADMIN_ROLE_PERMISSION_XREF")).isEqualTo(1);
        assertThat(count("SELECT COUNT(*) FROM BLC_ADMIN_PERMISSION_XREF")).isEqualTo(1);
    }

    @Test
    void shouldRespectAnOperatorWhoRemovedThePermissionFromTheAdminRole() throws Exception {
        createBroadleafTables(true);
        installer.install();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("DELETE FROM BLC_ADMIN_ROLE_PERMISSION_XREF WHERE ADMIN_PERMISSION_ID = -9910");
        }

        installer.install();

        assertThat(count("SELECT COUNT(*) FROM BLC_ADMIN_ROLE_PERMISSION_XREF")).isZero();
    }

    @Test
    void shouldUseItsOwnModuleWhenTheSettingsModuleIsGone() throws Exception {
        createBroadleafTables(false);

        installer.install();

        assertThat(count("SELECT COUNT(*) FROM BLC_ADMIN_MODULE WHERE ADMIN_MODULE_ID = -9930")).isEqualTo(1);
        assertThat(count("SELECT ADMIN_MODULE_ID FROM BLC_ADMIN_SECTION WHERE ADMIN_SECTION_ID = -9920"))
                .isEqualTo(-9930);
    }

    @Test
    void shouldNotFailWithoutBroadleafTables() throws Exception {
        installer.install();

        assertThat(count("SELECT COUNT(*) FROM META_SETTINGS")).isZero();
    }

    @Test
    void shouldUseOnlyTheReservedIdBlock() {
        for (long id : new long[] {MetaAdminInstaller.PERMISSION_ID, MetaAdminInstaller.CHILD_PERMISSION_ID,
                MetaAdminInstaller.SECTION_ID, MetaAdminInstaller.MODULE_ID}) {
            assertThat(id).isBetween(-9999L, -9900L).isNotEqualTo(-9901L);
        }
    }
}
