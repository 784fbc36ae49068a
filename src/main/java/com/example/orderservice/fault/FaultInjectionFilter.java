package com.example.orderservice.fault;

import java.util.Set;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

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
public class FaultInjectionFilter {

    public static final String HEADER = "X-Inject-Fault";
    private static final Set<String> FAULTS = Set.of("500", "503");
    private static final Logger LOG = Logger.getLogger(FaultInjectionFilter.class);

    /**
     * Read at startup, not at construction: Quarkus REST builds its filters during static init, before the runtime
     * configuration (system properties, environment) is known.
     */
    private volatile boolean enabled;

    void readConfig(@Observes StartupEvent startup, FaultInjectionConfig config) {
        enabled = config.enabled();
        if (enabled) {
            LOG.warnf("Fault injection is enabled: requests with %s: 500|503 fail on purpose. Never enable it in "
                    + "production (app.fault-injection.enabled).", HEADER);
        }
    }

    /** After {@code RequestMetricsFilter.tagRoute} (priority USER), so an injected failure keeps its route template. */
    @ServerRequestFilter(priority = Priorities.USER + 100)
    public void inject(ContainerRequestContext request) {
        if (!enabled) {
            return;
        }
        String fault = request.getHeaderString(HEADER);
        if (fault == null) {
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
