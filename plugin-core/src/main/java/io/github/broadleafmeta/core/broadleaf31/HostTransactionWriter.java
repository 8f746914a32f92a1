package io.github.broadleafmeta.core.broadleaf31;

import io.github.broadleafmeta.core.outbox.JdbcOutbox;
import io.github.broadleafmeta.core.outbox.OutboxEntry;
import io.github.broadleafmeta.core.runtime.PluginCpuMeter;
import io.github.broadleafmeta.core.tracking.BackgroundOutboxWriter;
import io.github.broadleafmeta.core.tracking.Recording;
import io.github.broadleafmeta.core.tracking.ServerCopyWriter;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.broadleafcommerce.core.order.dao.OrderDao;
import org.springframework.aop.MethodBeforeAdvice;
import org.springframework.aop.framework.Advised;
import org.springframework.aop.support.NameMatchMethodPointcutAdvisor;
import org.springframework.jdbc.datasource.ConnectionHolder;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.support.TransactionSynchronizationAdapter;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;

import java.lang.reflect.Method;
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
 * <li><b>In the checkout workflow</b>, which Broadleaf 3.1 runs outside any transaction
 * ({@code CheckoutServiceImpl.performCheckout} is not transactional; the SUBMITTED status is committed by the
 * {@code OrderService.save} that follows the workflow): AddPaymentInfo and Purchase are
 * {@linkplain #deferToOrderTransaction held} on the thread. {@code OrderService.save} opens its transaction
 * programmatically and calls {@code OrderDao.save} inside it; this class, a before-advice on {@code blOrderDao.save},
 * writes the held rows just before that transaction commits. So the Purchase row is atomic with the SUBMITTED
 * order.</li>
 * <li><b>Anywhere else</b> (page views, searches, the confirmation page, the store's own {@code track} calls): the
 * {@link BackgroundOutboxWriter}. So are held rows that no order save took before the request ended (a failed
 * checkout), and a join that is not possible (read-only transaction, no exposed connection).</li>
 * </ul>
 * A failure of the plugin's insert is contained by the outbox (savepoint on PostgreSQL, see
 * {@link JdbcOutbox#enqueueAll(List, Connection)}), logged and counted; it never fails the cart or the checkout.
 */
public class HostTransactionWriter implements ServerCopyWriter, MethodBeforeAdvice {

    private static final Log LOG = LogFactory.getLog(HostTransactionWriter.class);
    private static final String LEFTOVERS_CALLBACK = HostTransactionWriter.class.getName() + ".leftovers";
    private static final ThreadLocal<Boolean> DEFERRING = new ThreadLocal<Boolean>();
    private static final ThreadLocal<List<OutboxEntry>> HELD = new ThreadLocal<List<OutboxEntry>>();

    private final DataSource dataSource;
    private final JdbcOutbox outbox;
    private final BackgroundOutboxWriter background;
    private final OrderDao orderDao;
    private final NameMatchMethodPointcutAdvisor saveAdvisor = new NameMatchMethodPointcutAdvisor(this);

    public HostTransactionWriter(DataSource dataSource, JdbcOutbox outbox, BackgroundOutboxWriter background,
            OrderDao orderDao) {
        this.dataSource = dataSource;
        this.outbox = outbox;
        this.background = background;
        this.orderDao = orderDao;
        this.saveAdvisor.setMappedName("save");
    }

    /**
     * Runs {@code recording} so that the rows it writes outside a transaction wait for the order's own
     * transaction (the next order save on this thread) instead of the background writer. Only while
     * a Spring request context can hand leftovers to the background writer at the end of the request.
     */
    public static void deferToOrderTransaction(Runnable recording) {
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
        boolean metered = PluginCpuMeter.enter();
        try {
            Connection host = hostTransactionConnection();
            if (host != null) {
                try {
                    return ServerCopyWriter.outcome(outbox.enqueueAll(entries, host));
                } finally {
                    DataSourceUtils.releaseConnection(host, dataSource);
                }
            }
            if (Boolean.TRUE.equals(DEFERRING.get()) && hold(entries)) {
                return Recording.ServerCopy.HANDED_OFF;
            }
            return background.write(entries);
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

    private boolean hold(List<OutboxEntry> entries) {
        List<OutboxEntry> held = HELD.get();
        if (held == null) {
            RequestAttributes request = RequestContextHolder.getRequestAttributes();
            if (request == null) {
                return false;
            }
            held = new ArrayList<OutboxEntry>();
            HELD.set(held);
            request.registerDestructionCallback(LEFTOVERS_CALLBACK, this::handOffLeftovers,
                    RequestAttributes.SCOPE_REQUEST);
        }
        held.addAll(entries);
        return true;
    }

    /** The request ended and no order save took the held rows (a failed checkout): the background writer does. */
    private void handOffLeftovers() {
        boolean metered = PluginCpuMeter.enter();
        try {
            List<OutboxEntry> held = HELD.get();
            HELD.remove();
            if (held != null && !held.isEmpty()) {
                background.write(held);
            }
        } finally {
            PluginCpuMeter.exit(metered);
        }
    }

    // ----------------------------------------------------------------------------- advice on OrderDao.save

    /**
     * Adds this advice to the order DAO's proxy for {@code save} only. {@code OrderService.save} opens its
     * transaction programmatically inside the method and then calls {@code OrderDao.save}: there the order's
     * transaction is active (the DAO's proxy exists because of its own {@code @Transactional} method).
     */
    public void register() {
        if (orderDao instanceof Advised && !((Advised) orderDao).isFrozen()) {
            ((Advised) orderDao).addAdvisor(saveAdvisor);
        } else {
            LOG.warn("Meta tracking: blOrderDao is not an open Spring proxy; checkout events are written by the"
                    + " background writer instead of the order's transaction");
        }
    }

    public void unregister() {
        if (orderDao instanceof Advised) {
            ((Advised) orderDao).removeAdvisor(saveAdvisor);
        }
    }

    /**
     * Before {@code OrderDao.save} runs (inside the order's transaction): rows held for the order's transaction are
     * written when that transaction is about to commit, so they commit with the order. A before-advice, not an
     * around-advice, so the host's own work in {@code save} never runs inside a plugin frame. Without an active
     * transaction the rows stay held (for a later save, else the background writer at the request's end).
     */
    @Override
    public void before(Method method, Object[] args, Object target) {
        boolean metered = PluginCpuMeter.enter();
        try {
            List<OutboxEntry> held = HELD.get();
            if (held == null || held.isEmpty() || !"save".equals(method.getName())
                    || !TransactionSynchronizationManager.isSynchronizationActive()) {
                return;
            }
            List<OutboxEntry> rows = new ArrayList<OutboxEntry>(held);
            held.clear();
            TransactionSynchronizationManager.registerSynchronization(new HeldRowsWrite(rows));
        } finally {
            PluginCpuMeter.exit(metered);
        }
    }

    /** Writes held rows on the order transaction's connection just before it commits. */
    private final class HeldRowsWrite extends TransactionSynchronizationAdapter {

        private final List<OutboxEntry> rows;

        HeldRowsWrite(List<OutboxEntry> rows) {
            this.rows = rows;
        }

        @Override
        public void beforeCommit(boolean readOnly) {
            boolean metered = PluginCpuMeter.enter();
            Connection host = null;
            try {
                host = hostTransactionConnection();
                if (host == null) {
                    background.write(rows);
                } else {
                    // Failures are logged by the outbox and contained there; the order's commit goes on.
                    outbox.enqueueAll(rows, host);
                }
            } catch (RuntimeException e) {
                LOG.warn("Meta tracking: could not write checkout events in the order's transaction ("
                        + e.getClass().getName() + "); handed to the background writer");
                background.write(rows);
            } finally {
                if (host != null) {
                    DataSourceUtils.releaseConnection(host, dataSource);
                }
                PluginCpuMeter.exit(metered);
            }
        }

        @Override
        public void afterCompletion(int status) {
            boolean metered = PluginCpuMeter.enter();
            try {
                if (status != STATUS_COMMITTED) {
                    // The order's save rolled back, and our rows with it: kept by the background writer, where
                    // the dispatcher's confirmation check decides (a Purchase of an order that never got
                    // SUBMITTED is not sent).
                    background.write(rows);
                }
            } finally {
                PluginCpuMeter.exit(metered);
            }
        }
    }
}
