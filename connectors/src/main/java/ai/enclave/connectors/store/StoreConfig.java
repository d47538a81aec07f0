package ai.enclave.connectors.store;

import java.util.Objects;

/**
 * A source store written by {@link ai.enclave.connectors.sync.Sync}.
 *
 * @param dir the store's directory, e.g. {@code /srv/enclave/artifacts/sources/source-handbook}
 */
public record StoreConfig(String dir) {
    public StoreConfig {
        Objects.requireNonNull(dir, "dir is null");
    }
}
