/*
 * Names shared by the persistence unit (META-INF/persistence.xml), the services that inject it and the
 * portal that defines the data source. Holds no connection logic.
 */
package ai.enclave.database;

public final class EnclaveDatabase {

    /** The JPA persistence unit in META-INF/persistence.xml of the domain jar. */
    public static final String PERSISTENCE_UNIT = "enclave";

    /** The JTA data source the persistence unit uses; the portal WAR defines it. */
    public static final String DATA_SOURCE = "java:app/jdbc/enclave";

    private EnclaveDatabase() {}
}
