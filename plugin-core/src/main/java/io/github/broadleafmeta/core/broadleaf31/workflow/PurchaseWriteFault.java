package io.github.broadleafmeta.core.broadleaf31.workflow;

import io.github.broadleafmeta.core.dispatch.Confirmation;
import io.github.broadleafmeta.core.dispatch.ConfirmationCheck;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * A test hook for the fault suite: loses the plugin's Purchase write at its write point, so the order commits
 * without a Purchase row, as when the write fails or the node dies between the order's commit and that write.
 * Honoured only in the sample store's test mode (system property {@value #TEST_MODE}{@code =true}, which only the
 * store's test harnesses set); {@value #PROPERTY} (read at every checkout) says what happens:
 * <ul>
 *   <li>{@code skip}: the write does not happen; the store goes on.</li>
 *   <li>{@code halt}: the write does not happen, and once the order's row is SUBMITTED in the database (its
 *       commit) the JVM halts at once, like {@code kill -9}.</li>
 * </ul>
 * Anything else, or no test mode: the write happens as always.
 */
public class PurchaseWriteFault {

    public static final String TEST_MODE = "meta.test.mode";
    public static final String PROPERTY = "meta.test.purchaseWrite";
    private static final Log LOG = LogFactory.getLog(PurchaseWriteFault.class);
    private static final long HALT_WAIT_MILLIS = 30_000;

    private final ConfirmationCheck orders;

    public PurchaseWriteFault(ConfirmationCheck orders) {
        this.orders = orders;
    }

    /** True when the hook takes the write away (then the caller writes nothing). */
    public boolean loseWrite(String orderNumber) {
        if (!Boolean.getBoolean(TEST_MODE)) {
            return false;
        }
        String mode = System.getProperty(PROPERTY);
        if ("skip".equals(mode)) {
            LOG.warn("Meta test hook: Purchase write of order " + orderNumber + " skipped (" + PROPERTY + "=skip)");
            return true;
        }
        if ("halt".equals(mode) && orderNumber != null) {
            LOG.warn("Meta test hook: Purchase write of order " + orderNumber + " skipped; halting the JVM after the"
                    + " order commits (" + PROPERTY + "=halt)");
            Thread halter = new Thread(() -> haltAfterCommit(orderNumber), "meta-test-halt");
            halter.setDaemon(true);
            halter.start();
            return true;
        }
        return false;
    }

    private void haltAfterCommit(String orderNumber) {
        long deadline = System.currentTimeMillis() + HALT_WAIT_MILLIS;
        while (System.currentTimeMillis() < deadline) {
            if (orders.check(orderNumber) == Confirmation.CONFIRMED) {
                Runtime.getRuntime().halt(137);
            }
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        Runtime.getRuntime().halt(137);
    }
}
