package ai.enclave.installer;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The versions of the staged distributions, from the root pom through versions.properties. */
public final class Versions {

    public static final String KEYCLOAK;
    public static final String PAYARA_MICRO;
    public static final String POSTGRESQL;

    static {
        Properties properties = new Properties();
        try (InputStream in = Versions.class.getResourceAsStream("versions.properties")) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        KEYCLOAK = properties.getProperty("keycloak.version");
        PAYARA_MICRO = properties.getProperty("payara-micro.version");
        POSTGRESQL = properties.getProperty("postgresql-binaries.version");
    }

    private Versions() {}
}
