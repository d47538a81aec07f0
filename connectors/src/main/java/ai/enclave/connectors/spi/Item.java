package ai.enclave.connectors.spi;

import java.time.Instant;

/**
 * One readable thing a source holds, as discovery lists it before anything is read: its id (the same
 * id its {@link Document} will carry), its size in bytes (-1 when unknown) and its last change.
 */
public record Item(String id, long sizeBytes, Instant modified) {}
