package ai.enclave.portal.platform;

import ai.enclave.database.EnclaveDatabase;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Answers "can the portal reach its database right now?" with a cheap round trip, and recognises
 * the exceptions a lost database produces, so pages can say "database unavailable" instead of
 * showing a stack trace.
 */
@ApplicationScoped
public class DatabaseStatus {

    private static final Logger LOG = Logger.getLogger(DatabaseStatus.class.getName());
    private static final int CHECK_TIMEOUT_SECONDS = 2;

    @Resource(lookup = EnclaveDatabase.DATA_SOURCE)
    DataSource dataSource;

    public boolean isAvailable() {
        try (var connection = dataSource.getConnection()) {
            return connection.isValid(CHECK_TIMEOUT_SECONDS);
        } catch (SQLException | RuntimeException e) {
            LOG.log(Level.FINE, "database check failed", e);
            return false;
        }
    }

    /**
     * True when the failure comes from not reaching the database: a connection-class SQL state
     * (08xxx), a refused socket, or the pool giving up. Anything else is a real bug and is not
     * disguised as an outage.
     */
    public static boolean isOutage(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql
                    && sql.getSQLState() != null
                    && sql.getSQLState().startsWith("08")) {
                return true;
            }
            if (t instanceof java.net.ConnectException) {
                return true;
            }
            String name = t.getClass().getName();
            if (name.endsWith("JDBCConnectionException") || name.endsWith("PoolingException")) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
