package ai.enclave.portal.platform;

import com.vaadin.flow.component.Component;
import com.vaadin.flow.component.UI;
import com.vaadin.flow.component.UIDetachedException;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Refreshes a page from the database every 2 seconds while it is open, and pushes the changes to
 * the browser (server push is on, see {@code AppShell}), so progress shows without reloading. The
 * refresh runs on the application server's managed scheduler, under the UI's lock.
 *
 * <p>A failed refresh (the database is down for a moment) is logged and skipped; the next one tries
 * again, instead of a notification every 2 seconds.
 */
@ApplicationScoped
public class LiveUpdates {

    private static final Logger LOG = Logger.getLogger(LiveUpdates.class.getName());
    static final long PERIOD_MILLIS = 2000;

    @Resource
    ManagedScheduledExecutorService scheduler;

    /** Runs {@code refresh} every 2 seconds from when {@code component} is attached until it is detached. */
    public void whileAttached(Component component, Runnable refresh) {
        AtomicReference<ScheduledFuture<?>> running = new AtomicReference<>();
        component.addAttachListener(attach -> {
            UI ui = attach.getUI();
            cancel(running.getAndSet(scheduler.scheduleWithFixedDelay(
                    () -> refreshIn(ui, refresh, running), PERIOD_MILLIS, PERIOD_MILLIS, TimeUnit.MILLISECONDS)));
        });
        component.addDetachListener(detach -> cancel(running.getAndSet(null)));
    }

    private static void refreshIn(UI ui, Runnable refresh, AtomicReference<ScheduledFuture<?>> running) {
        try {
            ui.access(() -> {
                try {
                    refresh.run();
                } catch (RuntimeException e) {
                    LOG.log(
                            DatabaseStatus.isOutage(e) ? Level.FINE : Level.WARNING,
                            "live refresh failed; trying again in 2 s",
                            e);
                }
            });
        } catch (UIDetachedException e) {
            cancel(running.getAndSet(null));
        }
    }

    private static void cancel(ScheduledFuture<?> future) {
        if (future != null) {
            future.cancel(false);
        }
    }
}
