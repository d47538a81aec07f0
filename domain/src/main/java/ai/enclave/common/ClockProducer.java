/*
 * The one java.time.Clock the CDI container injects into services: UTC system time. Tests construct
 * services with a fixed or offset Clock instead. Not a place for other shared beans.
 */
package ai.enclave.common;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.time.Clock;

@ApplicationScoped
public class ClockProducer {

    @Produces
    public Clock systemClock() {
        return Clock.systemUTC();
    }
}
