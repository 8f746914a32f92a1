package io.github.broadleafmeta.core.broadleaf31;

import io.github.broadleafmeta.core.outbox.JdbcOutbox;
import io.github.broadleafmeta.core.outbox.OutboxConfig;
import io.github.broadleafmeta.core.outbox.OutboxEntry;
import io.github.broadleafmeta.core.outbox.PooledDataSource;
import io.github.broadleafmeta.core.outbox.TestDatabases;
import io.github.broadleafmeta.core.tracking.BackgroundOutboxWriter;
import io.github.broadleafmeta.core.tracking.Recording;
import io.github.broadleafmeta.core.tracking.TrackingCounters;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mockito.Mockito;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.time.Clock;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import javax.servlet.http.HttpServletRequest;
import javax.sql.DataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where {@link HostTransactionWriter} puts rows, with a real Spring transaction manager binding the connection of
 * its transaction (as {@code JpaTransactionManager} does for {@code blPU}'s DataSource) on HSQLDB.
 */
class HostTransactionWriterTest {

    private static final String PIXEL = "111111111111111";

    private final AtomicInteger borrowed = new AtomicInteger();
    private DataSource dataSource;
    private JdbcOutbox outbox;
    private BackgroundOutboxWriter background;
    private HostTransactionWriter writer;
    private TransactionTemplate transaction;

    @BeforeEach
    void setUp() {
        dataSource = counting(new PooledDataSource(TestDatabases.hsqldbInMemory()));
        outbox = new JdbcOutbox(dataSource, OutboxConfig.custom().tableName(TestDatabases.uniqueTable()).build(),
                Clock.systemUTC());
        outbox.initialize();
        background = new BackgroundOutboxWriter(outbox, new TrackingCounters());
        writer = new HostTransactionWriter(dataSource, outbox, background);
        transaction = new TransactionTemplate(new DataSourceTransactionManager(dataSource));
        borrowed.set(0);
    }

    @AfterEach
    void clearRequest() {
        RequestContextHolder.resetRequestAttributes();
    }

    @Test
    void shouldWriteOnTheTransactionsOwnConnectionAndRollBackWithIt() {
        Recording.ServerCopy outcome = transaction.execute(status -> {
            Recording.ServerCopy written = writer.write(rows("AddToCart", "atc.rolledback"));
            status.setRollbackOnly();
            return written;
        });

        assertThat(outcome).isEqualTo(Recording.ServerCopy.ENQUEUED);
        assertThat(borrowed.get()).as("connections borrowed: the transaction's only").isEqualTo(1);
        assertThat(outbox.contains(PIXEL, "AddToCart", "atc.rolledback")).isFalse();
        assertThat(background.getUnwritten()).isZero();
    }

    @Test
    void shouldCommitTheRowWithTheHostTransaction() {
        transaction.execute(status -> writer.write(rows("AddToCart", "atc.committed")));

        assertThat(borrowed.get()).isEqualTo(1);
        assertThat(outbox.contains(PIXEL, "AddToCart", "atc.committed")).isTrue();
    }

    @Test
    void shouldHandRowsToTheBackgroundWriterOutsideATransaction() {
        Recording.ServerCopy outcome = writer.write(rows("PageView", "pv.1"));

        assertThat(outcome).isEqualTo(Recording.ServerCopy.HANDED_OFF);
        assertThat(borrowed.get()).isZero();
        assertThat(background.getUnwritten()).isEqualTo(1);
    }

    @Test
    void shouldHoldCheckoutRowsUntilTheRequestEndsAndThenHandThemToTheBackgroundWriter() {
        ServletRequestAttributes request = new ServletRequestAttributes(Mockito.mock(HttpServletRequest.class));
        RequestContextHolder.setRequestAttributes(request);

        HostTransactionWriter.holdUntilRequestEnds(() -> writer.write(rows("Purchase", "order.1")));
        // The order's save commits later in the same request: the held row takes no part in it.
        transaction.execute(status -> null);
        assertThat(background.getUnwritten()).as("held on the thread while the request runs").isZero();
        assertThat(borrowed.get()).as("connections: the order save's only").isEqualTo(1);
        request.requestCompleted();

        assertThat(background.getUnwritten()).as("handed to the background writer at the request's end").isEqualTo(1);
        background.flush();
        assertThat(outbox.contains(PIXEL, "Purchase", "order.1")).isTrue();
    }

    @Test
    void shouldWriteCheckoutRowsInTheCallersTransactionWhenTheCheckoutRunsInOne() {
        ServletRequestAttributes request = new ServletRequestAttributes(Mockito.mock(HttpServletRequest.class));
        RequestContextHolder.setRequestAttributes(request);

        transaction.execute(status -> {
            HostTransactionWriter.holdUntilRequestEnds(() -> writer.write(rows("AddPaymentInfo", "api.1")));
            return null;
        });

        assertThat(outbox.contains(PIXEL, "AddPaymentInfo", "api.1")).isTrue();
        assertThat(background.getUnwritten()).isZero();
    }

    private static List<OutboxEntry> rows(String eventName, String eventId) {
        return Collections.singletonList(
                TestDatabases.entry(PIXEL, eventName, eventId, System.currentTimeMillis() / 1000).build());
    }

    /** Counts the connections taken from {@code target} after set-up. */
    private DataSource counting(DataSource target) {
        return (DataSource) Proxy.newProxyInstance(DataSource.class.getClassLoader(), new Class<?>[] {DataSource.class},
                (proxy, method, args) -> {
                    if ("getConnection".equals(method.getName())) {
                        borrowed.incrementAndGet();
                    }
                    try {
                        return method.invoke(target, args);
                    } catch (java.lang.reflect.InvocationTargetException e) {
                        throw e.getCause();
                    }
                });
    }
}
