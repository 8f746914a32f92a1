package io.github.broadleafmeta.core.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DialectTest {

    @Test
    void shouldDetectSupportedDatabasesWhenGivenTheirProductNames() {
        assertThat(Dialect.detect("HSQL Database Engine")).isEqualTo(Dialect.HSQLDB);
        assertThat(Dialect.detect("PostgreSQL")).isEqualTo(Dialect.POSTGRESQL);
        assertThat(Dialect.detect("MariaDB")).isEqualTo(Dialect.MARIADB);
        assertThat(Dialect.detect("MySQL")).isEqualTo(Dialect.MARIADB);
    }

    @Test
    void shouldRefuseClearlyWhenTheDatabaseIsNotSupported() {
        assertThatThrownBy(() -> Dialect.detect("Oracle"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Oracle")
                .hasMessageContaining("not support")
                .hasMessageContaining("supported: HSQLDB, PostgreSQL, MariaDB, MySQL");
    }

    @Test
    void shouldRejectEntriesWhenARequiredFieldIsMissingOrMalformed() {
        OutboxEntry.Builder ok = TestDatabases.entry("1", "Purchase", "e", 1_700_000_000L);
        assertThat(ok.build().toString()).doesNotContain("user_data");
        assertThatThrownBy(() -> TestDatabases.entry("1", "Purchase", "e", 1_700_000_000_000L).build())
                .hasMessageContaining("millis");
        assertThatThrownBy(() -> TestDatabases.entry("1", " ", "e", 1L).build()).hasMessageContaining("eventName");
        assertThatThrownBy(() -> ok.matchKeys("em;ph").build()).hasMessageContaining("em;ph");
        assertThat(ok.matchKeys(" EM, ph,em ,").build().matchKeys()).isEqualTo("em,ph");
        assertThatThrownBy(() -> OutboxConfig.custom().tableName("x; drop table y"))
                .hasMessageContaining("x; drop table y");
    }
}
