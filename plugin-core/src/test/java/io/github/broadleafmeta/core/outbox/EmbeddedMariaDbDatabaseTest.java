package io.github.broadleafmeta.core.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The MariaDB test server is a real MariaDB with SKIP LOCKED, and says what to install when it is missing. */
class EmbeddedMariaDbDatabaseTest {

    @RegisterExtension
    static final EmbeddedMariaDbDatabase MARIADB = new EmbeddedMariaDbDatabase();

    @Test
    void shouldSkipARowAnotherTransactionHoldsOnARealMariaDb() throws Exception {
        try (Connection setup = MARIADB.dataSource().getConnection(); Statement s = setup.createStatement()) {
            assertThat(setup.getMetaData().getDatabaseProductVersion()).contains("MariaDB");
            s.execute("CREATE TABLE rows_to_claim (id INT PRIMARY KEY) ENGINE=InnoDB");
            s.execute("INSERT INTO rows_to_claim VALUES (1), (2)");
        }
        try (Connection first = MARIADB.dataSource().getConnection();
                Connection second = MARIADB.dataSource().getConnection()) {
            first.setAutoCommit(false);
            second.setAutoCommit(false);
            try (Statement s = first.createStatement();
                    ResultSet rs = s.executeQuery("SELECT id FROM rows_to_claim WHERE id = 1 FOR UPDATE")) {
                assertThat(rs.next()).isTrue();
            }
            try (Statement s = second.createStatement();
                    ResultSet rs = s.executeQuery("SELECT id FROM rows_to_claim ORDER BY id FOR UPDATE SKIP LOCKED")) {
                assertThat(rs.next()).isTrue();
                assertThat(rs.getInt(1)).isEqualTo(2);
                assertThat(rs.next()).isFalse();
            }
            first.rollback();
            second.rollback();
        }
    }

    @Test
    void shouldNameThePackageToInstallWhenAServerProgramIsMissing() {
        assertThatThrownBy(() -> MariaDbServer.binary("mariadbd-that-is-not-installed"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("mariadbd-that-is-not-installed")
                .hasMessageContaining("apt-get install -y mariadb-server");
    }
}
