package io.github.broadleafmeta.store.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.DataOutputStream;
import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded database's lock file after a crash: HSQLDB writes a heartbeat into it every 10 s and refuses to open
 * the database while the heartbeat is younger than 10.1 s. These tests write that file themselves, in HSQLDB's format
 * (8 magic bytes, then the heartbeat's epoch milliseconds).
 */
class StoreDatabaseLockTest {

    private static final byte[] HSQLDB_LOCK_MAGIC = {0x48, 0x53, 0x51, 0x4c, 0x4c, 0x4f, 0x43, 0x4b};

    @TempDir
    Path dataDir;

    @Test
    void shouldOpenTheDatabaseOfAStoreKilledJustAfterItsLastHeartbeat() throws Exception {
        StoreDatabase database = new StoreDatabase(settings());
        writeHeartbeat(System.currentTimeMillis());

        Connection c = database.connect();
        try {
            assertThat(c.isValid(1)).isTrue();
        } finally {
            c.close();
        }
    }

    @Test
    void shouldRefuseWithAClearErrorWhileAnotherProcessKeepsTheLockFresh() throws Exception {
        StoreDatabase database = new StoreDatabase(settings());
        writeHeartbeat(System.currentTimeMillis());
        ScheduledExecutorService otherProcess = Executors.newSingleThreadScheduledExecutor();
        otherProcess.scheduleAtFixedRate(() -> writeHeartbeatQuietly(), 1, 1, TimeUnit.SECONDS);
        try {
            assertThatThrownBy(database::connect).isInstanceOf(SQLException.class)
                    .hasMessageContaining("in use by another running process")
                    .hasMessageContaining(dataDir.toString());
        } finally {
            otherProcess.shutdownNow();
        }
    }

    private StoreSettings settings() {
        return StoreSettings.builder().dataDir(dataDir.toFile()).adminPassword("admin-password-1").build();
    }

    private void writeHeartbeat(long epochMillis) throws IOException {
        File db = new File(dataDir.toFile(), "db");
        db.mkdirs();
        DataOutputStream out = new DataOutputStream(new FileOutputStream(new File(db, "brewbeans.lck")));
        try {
            out.write(HSQLDB_LOCK_MAGIC);
            out.writeLong(epochMillis);
        } finally {
            out.close();
        }
    }

    private void writeHeartbeatQuietly() {
        try {
            writeHeartbeat(System.currentTimeMillis());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
