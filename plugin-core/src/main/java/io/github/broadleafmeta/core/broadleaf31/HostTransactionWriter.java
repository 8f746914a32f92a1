package io.github.broadleafmeta.core.broadleaf31;

import io.github.broadleafmeta.core.outbox.JdbcOutbox;
import io.github.broadleafmeta.core.outbox.OutboxEntry;
import io.github.broadleafmeta.core.runtime.PluginCpuMeter;
import io.github.broadleafmeta.core.tracking.BackgroundOutboxWriter;
import io.github.broadleafmeta.core.tracking.PendingServerCopy;
import io.github.broadleafmeta.core.tracking.Recording;
import io.github.broadleafmeta.core.tracking.ServerCopyWriter;
import org.springframework.jdbc.datasource.ConnectionHolder;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

/**
 * Where a Broadleaf 3.1 storefront's server copies are written, so a request adds no commit, disk sync or pooled
 * connection of its own:
 * <ul>
 * <li><b>Inside a host transaction</b> ({@code blTransactionManager}'s JPA transaction: the add-item and update-item
 * workflows, registration): on THAT transaction's connection, which {@code JpaTransactionManager} exposes for the
 * store's DataSource and {@link DataSourceUtils#getConnection} returns. The rows commit or roll back with the
 * cart; the outbox never commits, rolls back or closes that connection.</li>
 * <li><b>In the checkout workflow</b> (AddPaymentInfo, Purchase), which Broadleaf 3.1 runs outside any transaction:
 * {@linkplain #holdUntilRequestEnds held} on the thread and handed to the {@link BackgroundOutboxWriter} when the
 * request ends, after the {@code OrderService.save} that commits the SUBMITTED order. Nothing is written inside the
 * order's transaction, so the checkout pays no plugin statement and its commit no plugin log. The Purchase needs no
 * atomic write: the order is its source of truth, and the Purchase sweep rebuilds it from the order if the queued
 * row is lost (a node killed before the background writer inserted it).</li>
 * <li><b>Anywhere else</b> (page views, searches, the confirmation page, the store's own {@code track} calls): the
 * {@link BackgroundOutboxWriter}; so is a join that is not possible (read-only transaction, no exposed
 * connection).</li>
 * </ul>
 * A failure of the plugin's insert in a host transaction is contained by the outbox (savepoint on PostgreSQL, see
 * {@link JdbcOutbox#enqueueAll(List, Connection)}), logged and counted; it never fails the cart.
 */
public class HostTransactionWriter implements ServerCopyWriter {

    private static final String HELD_ROWS_CALLBACK = HostTransactionWriter.class.getName() + ".heldRows";
    private static final ThreadLocal<Boolean> DEFERRING = new ThreadLocal<Boolean>();
    private static final ThreadLocal<List<PendingServerCopy>> HELD = new ThreadLocal<List<PendingServerCopy>>();

    private final DataSource dataSource;
    private final JdbcOutbox outbox;
    private final BackgroundOutboxWriter background;

    public HostTransactionWriter(DataSource dataSource, JdbcOutbox outbox, BackgroundOutboxWriter background) {
        this.dataSource = dataSource;
        this.outbox = outbox;
        this.background = background;
    }

    /**
     * Runs {@code recording} so that the rows it writes outside a transaction wait on the thread until the request
     * ends (the checkout's order save has committed by then) and then go to the background writer. Only while a
     * Spring request context can hand them over at the end of the request; otherwise they go at once (the
     * dispatcher's confirmation check holds a Purchase back until its order is SUBMITTED).
     */
    public static void holdUntilRequestEnds(Runnable recording) {
        RequestAttributes request = RequestContextHolder.getRequestAttributes();
        if (request == null || TransactionSynchronizationManager.isActualTransactionActive()) {
            recording.run();
            return;
        }
        DEFERRING.set(Boolean.TRUE);
        try {
            recording.run();
        } finally {
            DEFERRING.remove();
        }
    }

    @Override
    public Recording.ServerCopy write(List<OutboxEntry> entries) {
        return write(PendingServerCopy.of(entries));
    }

    /**
     * In a host transaction the rows are built and written now, in it; held checkout rows and everything else go to
     * the background writer unbuilt, so their normalization, hashing and JSON run on its thread.
     */
    @Override
    public Recording.ServerCopy write(PendingServerCopy copy) {
        boolean metered = PluginCpuMeter.enter();
        try {
            Connection host = hostTransactionConnection();
            if (host != null) {
                try {
                    return ServerCopyWriter.buildAndWrite(copy,
                            entries -> ServerCopyWriter.outcome(outbox.enqueueAll(entries, host)));
                } finally {
                    DataSourceUtils.releaseConnection(host, dataSource);
                }
            }
            if (Boolean.TRUE.equals(DEFERRING.get()) && hold(copy)) {
                return Recording.ServerCopy.HANDED_OFF;
            }
            return background.write(copy);
        } finally {
            PluginCpuMeter.exit(metered);
        }
    }

    @Override
    public void browserCopiesRendered(List<String[]> events) {
        background.browserCopiesRendered(events);
    }

    /**
     * The connection of the current thread's open read-write transaction on the store's DataSource, or null. Null
     * unless the transaction manager bound it (JpaTransactionManager does for the EntityManagerFactory's
     * DataSource): {@link DataSourceUtils#getConnection} would otherwise borrow a second connection from the pool.
     */
    Connection hostTransactionConnection() {
        if (!TransactionSynchronizationManager.isActualTransactionActive()
                || TransactionSynchronizationManager.isCurrentTransactionReadOnly()) {
            return null;
        }
        Object holder = TransactionSynchronizationManager.getResource(dataSource);
        if (!(holder instanceof ConnectionHolder)) {
            return null;
        }
        return DataSourceUtils.getConnection(dataSource);
    }

    private boolean hold(PendingServerCopy copy) {
        List<PendingServerCopy> held = HELD.get();
        if (held == null) {
            RequestAttributes request = RequestContextHolder.getRequestAttributes();
            if (request == null) {
                return false;
            }
            held = new ArrayList<PendingServerCopy>();
            HELD.set(held);
            request.registerDestructionCallback(HELD_ROWS_CALLBACK, this::handOffHeld,
                    RequestAttributes.SCOPE_REQUEST);
        }
        held.add(copy);
        return true;
    }

    /** The request ended: the order's save has committed (or the checkout failed); the background writer takes over. */
    private void handOffHeld() {
        boolean metered = PluginCpuMeter.enter();
        try {
            List<PendingServerCopy> held = HELD.get();
            HELD.remove();
            if (held != null) {
                for (PendingServerCopy copy : held) {
                    background.write(copy);
                }
            }
        } finally {
            PluginCpuMeter.exit(metered);
        }
    }
}
