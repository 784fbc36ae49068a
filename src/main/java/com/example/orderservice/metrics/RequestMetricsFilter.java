package com.example.orderservice.metrics;

import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;
import org.jboss.resteasy.reactive.server.spi.ServerRequestContext;

import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.ext.web.RoutingContext;

/**
 * Records {@code app_requests_total} and {@code app_request_duration_seconds} for every request outside the
 * operational endpoints, including those that end in an error or match no route.
 * <p>
 * Two hooks work together: a Vert.x filter sees every request first and records it when the response ends, whatever
 * produced it; a Quarkus REST filter, which runs only once a resource method has matched, tells it the route template.
 * With Micrometer switched off at build time ({@code quarkus.micrometer.enabled=false}) neither hook exists: requests
 * then pay nothing for metrics, which is how bench/ measures what the metrics cost.
 */
@Singleton
@IfBuildProperty(name = "quarkus.micrometer.enabled", stringValue = "true", enableIfMissing = true)
public class RequestMetricsFilter {

    /** Runs before every other handler, so the measured time covers routing, body reading and error mapping. */
    public static final int FIRST = Integer.MAX_VALUE - 10;
    /**
     * The status of a request whose client went away before it was answered (nginx' convention): the response's own
     * status would be Vert.x' default, 200, counting a success that never happened.
     */
    static final int CLIENT_CLOSED_REQUEST = 499;
    private static final String ENDPOINT = RequestMetricsFilter.class.getName() + ".endpoint";

    private final RequestMeters meters;
    private final RouteTemplates templates = new RouteTemplates();

    RequestMetricsFilter(RequestMeters meters) {
        this.meters = meters;
    }

    void register(@Observes Filters filters) {
        filters.register(this::measure, FIRST);
    }

    /** Quarkus REST hands its filters its one request context implementation, which knows the matched route. */
    @ServerRequestFilter
    public void tagRoute(RoutingContext context, ServerRequestContext request) {
        context.put(ENDPOINT, templates.of(((ResteasyReactiveRequestContext) request).getTarget()));
    }

    private void measure(RoutingContext context) {
        String path = context.normalizedPath();
        if (OperationalPaths.matches(path)) {
            context.next();
            return;
        }
        long start = System.nanoTime();
        context.addEndHandler(ignored -> {
            String endpoint = context.get(ENDPOINT);
            meters.record(context.request().method().name(),
                    endpoint != null ? endpoint : RouteTemplates.UNMATCHED,
                    context.response().ended() ? context.response().getStatusCode() : CLIENT_CLOSED_REQUEST,
                    System.nanoTime() - start);
        });
        context.next();
    }
}
