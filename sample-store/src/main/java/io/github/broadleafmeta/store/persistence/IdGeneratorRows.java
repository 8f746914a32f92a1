package io.github.broadleafmeta.store.persistence;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.hibernate.ejb.HibernateEntityManagerFactory;
import org.hibernate.engine.spi.SessionFactoryImplementor;
import org.hibernate.id.IdentifierGenerator;
import org.hibernate.id.enhanced.TableGenerator;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextAware;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextRefreshedEvent;
import org.springframework.orm.jpa.EntityManagerFactoryInfo;

import javax.persistence.EntityManagerFactory;
import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Gives every table-based id generator (Broadleaf's entities use Hibernate's {@link TableGenerator} on
 * SEQUENCE_GENERATOR) its row when the application starts. Hibernate inserts a segment's row on the segment's first
 * use; two store nodes on one database doing that at once fail one shopper's request with a duplicate key. With the
 * rows in place they only ever update them, under a row lock. Each row starts one block above the initial value (see
 * {@link #firstValue}), so the first ids are those Hibernate would have handed out and no two nodes share a block.
 */
public class IdGeneratorRows implements ApplicationListener<ContextRefreshedEvent>, ApplicationContextAware {

    private static final Log LOG = LogFactory.getLog(IdGeneratorRows.class);

    private ApplicationContext applicationContext;

    @Override
    public void setApplicationContext(ApplicationContext applicationContext) {
        this.applicationContext = applicationContext;
    }

    @Override
    public void onApplicationEvent(ContextRefreshedEvent event) {
        // A child context's (the DispatcherServlet's) refresh reaches this listener too; once per start is enough.
        if (event.getApplicationContext() != applicationContext) {
            return;
        }
        for (EntityManagerFactory factory : applicationContext.getBeansOfType(EntityManagerFactory.class).values()) {
            try {
                ensureRows(factory);
            } catch (SQLException e) {
                throw new IllegalStateException("Could not create the id generator rows", e);
            }
        }
    }

    private static void ensureRows(EntityManagerFactory factory) throws SQLException {
        if (!(factory instanceof EntityManagerFactoryInfo)) {
            return;
        }
        EntityManagerFactoryInfo info = (EntityManagerFactoryInfo) factory;
        if (!(info.getNativeEntityManagerFactory() instanceof HibernateEntityManagerFactory) || info.getDataSource() == null) {
            return;
        }
        SessionFactoryImplementor sessionFactory = (SessionFactoryImplementor)
                ((HibernateEntityManagerFactory) info.getNativeEntityManagerFactory()).getSessionFactory();
        Map<String, TableGenerator> bySegment = new LinkedHashMap<String, TableGenerator>();
        for (String entityName : sessionFactory.getAllClassMetadata().keySet()) {
            IdentifierGenerator generator = sessionFactory.getIdentifierGenerator(entityName);
            if (generator instanceof TableGenerator) {
                TableGenerator table = (TableGenerator) generator;
                bySegment.put(table.getTableName() + "|" + table.getSegmentValue(), table);
            }
        }
        int added = 0;
        Connection c = info.getDataSource().getConnection();
        try {
            c.setAutoCommit(true);
            Map<String, Set<String>> existing = new LinkedHashMap<String, Set<String>>();
            for (TableGenerator generator : bySegment.values()) {
                Set<String> segments = existing.get(generator.getTableName());
                if (segments == null) {
                    segments = segments(c, generator);
                    existing.put(generator.getTableName(), segments);
                }
                if (!segments.contains(generator.getSegmentValue()) && insert(c, generator)) {
                    segments.add(generator.getSegmentValue());
                    added++;
                }
            }
        } finally {
            c.close();
        }
        if (added > 0) {
            LOG.info("Created " + added + " id generator rows for " + info.getPersistenceUnitName());
        }
    }

    private static Set<String> segments(Connection c, TableGenerator generator) throws SQLException {
        Set<String> segments = new HashSet<String>();
        Statement s = c.createStatement();
        try {
            ResultSet rs = s.executeQuery("SELECT " + generator.getSegmentColumnName() + " FROM "
                    + generator.getTableName());
            while (rs.next()) {
                segments.add(rs.getString(1));
            }
        } finally {
            s.close();
        }
        return segments;
    }

    /** False when another node inserted the row first. */
    /**
     * The row's first value. With a block size above one Hibernate's pooled optimizer reads the row as the top of
     * the next block, except when it finds exactly the initial value: then it takes a second block and starts at
     * the initial value. Two nodes whose first allocations interleave (one reads the initial value, the other the
     * value after it) both start at the initial value and hand out the same ids. A row that starts one block up is
     * always read as a block top, so every allocation gets its own block; the first still starts at the initial
     * value.
     */
    static long firstValue(TableGenerator generator) {
        return generator.getIncrementSize() > 1 ? generator.getInitialValue() + generator.getIncrementSize()
                : generator.getInitialValue();
    }

    private static boolean insert(Connection c, TableGenerator generator) throws SQLException {
        PreparedStatement insert = c.prepareStatement("INSERT INTO " + generator.getTableName() + " ("
                + generator.getSegmentColumnName() + ", " + generator.getValueColumnName() + ") VALUES (?, ?)");
        try {
            insert.setString(1, generator.getSegmentValue());
            insert.setLong(2, firstValue(generator));
            insert.executeUpdate();
            return true;
        } catch (SQLException e) {
            if (e.getSQLState() != null && e.getSQLState().startsWith("23")) {
                return false;
            }
            throw e;
        } finally {
            insert.close();
        }
    }
}
