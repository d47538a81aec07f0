/*
 * The current time as the database will store it. PostgreSQL keeps microseconds, so an Instant with
 * nanoseconds would read back different from what was written; every service takes "now" from here.
 */
package ai.enclave.common;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

public final class Timestamps {

    private Timestamps() {}

    public static Instant now(Clock clock) {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
