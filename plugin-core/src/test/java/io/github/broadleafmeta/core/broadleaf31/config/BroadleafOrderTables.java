package io.github.broadleafmeta.core.broadleaf31.config;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The columns of Broadleaf 3.1's {@code BLC_ORDER} and {@code BLC_ORDER_ATTRIBUTE} that the plugin's order queries
 * read, for tests that run those queries without a whole Broadleaf schema.
 */
final class BroadleafOrderTables {

    private BroadleafOrderTables() {
    }

    /**
     * Creates both tables on {@code c}.
     *
     * @param foreignKey whether the attribute table references the order table (as Broadleaf's schema does)
     */
    static void create(Connection c, boolean foreignKey) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE BLC_ORDER (ORDER_ID BIGINT PRIMARY KEY, ORDER_NUMBER VARCHAR(255),"
                    + " ORDER_STATUS VARCHAR(255), SUBMIT_DATE TIMESTAMP, ORDER_TOTAL DECIMAL(19,5),"
                    + " CURRENCY_CODE VARCHAR(255))");
            s.execute("CREATE TABLE BLC_ORDER_ATTRIBUTE (ORDER_ATTRIBUTE_ID BIGINT PRIMARY KEY, NAME VARCHAR(255)"
                    + " NOT NULL, VALUE VARCHAR(255), ORDER_ID BIGINT NOT NULL"
                    + (foreignKey ? ", CONSTRAINT FK_ATTR_ORDER FOREIGN KEY (ORDER_ID) REFERENCES BLC_ORDER" : "")
                    + ")");
        }
    }
}
