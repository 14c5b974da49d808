package dev.keel.itests;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import javax.sql.DataSource;

import org.osgi.framework.BundleContext;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.ServiceReference;

/** The kernel's DataSource service as a pax-exam test sees it: the newest registration, its pool size, a query. */
final class KernelDataSource {

    static final String FILTER = "(keel.datasource=default)";

    private final BundleContext context;

    KernelDataSource(BundleContext context) {
        this.context = context;
    }

    /** The newest registration, or {@code null} while there is none. */
    ServiceReference<DataSource> current() {
        try {
            Collection<ServiceReference<DataSource>> refs = context.getServiceReferences(DataSource.class, FILTER);
            return refs.stream().max(Comparable::compareTo).orElse(null);
        } catch (InvalidSyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Its {@code pool.size} property; -1 while there is none. */
    int poolSize() {
        ServiceReference<DataSource> ref = current();
        return ref == null ? -1 : (Integer) ref.getProperty("pool.size");
    }

    /** The first column of every row {@code sql} selects, once there is a DataSource. */
    List<String> query(String sql) throws SQLException {
        Await.until("a DataSource", () -> current() != null);
        DataSource ds = context.getService(current());
        List<String> out = new ArrayList<>();
        try (Connection c = ds.getConnection(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }
}
