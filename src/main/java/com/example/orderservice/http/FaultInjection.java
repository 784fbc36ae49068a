package com.example.orderservice.http;

import java.util.Set;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

import org.jboss.logging.Logger;

import com.example.orderservice.error.ApiException;

import io.quarkus.runtime.StartupEvent;

/**
 * Makes a request fail on purpose when the process runs with {@code app.fault-injection.enabled=true} and the request
 * carries {@code X-Inject-Fault: 500} or {@code 503}; without the setting the header means nothing.
 * <p>
 * The failure is raised inside the normal request handling, after the route has matched, so it takes the same path
 * as a real one: the exception mappers write the JSON error, and the metrics count it under the route template with
 * its status. That is what lets the alert tests drive real 5xx traffic through a real Prometheus.
 */
@Singleton
public class FaultInjection {

    public static final String HEADER = "X-Inject-Fault";
    private static final Set<String> FAULTS = Set.of("500", "503");
    private static final Logger LOG = Logger.getLogger(FaultInjection.class);

    private final boolean enabled;

    FaultInjection(FaultInjectionConfig config) {
        this.enabled = config.enabled();
    }

    void warn(@Observes StartupEvent startup) {
        if (enabled) {
            LOG.warnf("Fault injection is enabled: requests with %s: 500|503 fail on purpose. Never enable it in "
                    + "production (app.fault-injection.enabled).", HEADER);
        }
    }

    /** Fails as the {@link #HEADER} value asks, when fault injection is on. */
    void inject(String fault) {
        if (!enabled || fault == null) {
            return;
        }
        if (!FAULTS.contains(fault)) {
            throw new ApiException(400, HEADER + " must be one of " + FAULTS);
        }
        if (fault.equals("503")) {
            throw new ApiException(503, "Unavailable (injected fault)");
        }
        throw new InjectedFault();
    }

    /** An unexpected failure as far as the service can tell: it must end as a plain 500, like any other. */
    static final class InjectedFault extends RuntimeException {
        InjectedFault() {
            super("Injected fault (" + HEADER + ": 500)", null, false, false);
        }
    }
}
