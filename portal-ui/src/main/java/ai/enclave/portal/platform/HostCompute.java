package ai.enclave.portal.platform;

import ai.enclave.runtime.hardware.HostHardware;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.servlet.ServletContext;
import java.io.File;
import java.util.concurrent.CompletableFuture;

/**
 * The compute this host offers, probed once in the background when the portal starts (the GPU part
 * runs in a child JVM and takes a second or two), then served from memory.
 */
@ApplicationScoped
public class HostCompute {

    private volatile CompletableFuture<HostHardware> probe;

    void onStart(@Observes @Initialized(ApplicationScoped.class) ServletContext context) {
        String classpath = context.getRealPath("/WEB-INF/lib") + File.separator + "*";
        probe = CompletableFuture.supplyAsync(() -> HostHardware.probe(classpath));
    }

    public HostHardware hardware() {
        return probe.join();
    }
}
