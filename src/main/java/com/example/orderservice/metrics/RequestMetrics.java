package com.example.orderservice.metrics;

import jakarta.inject.Singleton;

import io.quarkus.arc.properties.IfBuildProperty;
import io.vertx.ext.web.RoutingContext;

/**
 * Records {@code app_requests_total} and {@code app_request_duration_seconds} for every API request, including those
 * that end in an error or match no route. The request pipeline calls it twice: {@link #record} when the exchange of a
 * request ends (whatever ended it), and {@link #matched} once Quarkus REST has matched a resource method, with the
 * route template that becomes the {@code endpoint} label.
 * <p>
 * Quarkus' own HTTP server metrics would measure the same requests a second time (see application.properties). With
 * Micrometer switched off at build time ({@code quarkus.micrometer.enabled=false}) this bean does not exist and
 * requests pay nothing for metrics, which is how bench/ measures what the metrics cost.
 */
@Singleton
@IfBuildProperty(name = "quarkus.micrometer.enabled", stringValue = "true", enableIfMissing = true)
public class RequestMetrics {

    /** The {@code endpoint} label of every request that matched no route. */
    static final String UNMATCHED = "unmatched";
    /**
     * The status of a request whose client went away before it was answered (nginx' convention): the response's own
     * status would be Vert.x' default, 200, counting a success that never happened.
     */
    static final int CLIENT_CLOSED_REQUEST = 499;
    private static final String ENDPOINT = RequestMetrics.class.getName() + ".endpoint";

    private final RequestMeters meters;

    RequestMetrics(RequestMeters meters) {
        this.meters = meters;
    }

    /**
     * Records one request that began at {@code startNanos} ({@link System#nanoTime}) and whose exchange has just
     * ended, whatever ended it: the request pipeline calls it once per request, from the request's arrival on, so
     * that the time covers every stage, error mapping included.
     */
    public void record(RoutingContext context, long startNanos) {
        String endpoint = context.get(ENDPOINT);
        meters.record(context.request().method().name(),
                endpoint != null ? endpoint : UNMATCHED,
                context.response().ended() ? context.response().getStatusCode() : CLIENT_CLOSED_REQUEST,
                System.nanoTime() - startNanos);
    }

    /** The request matched a route with this template ({@code /api/orders/{id}}): its {@code endpoint} label. */
    public void matched(RoutingContext context, String template) {
        context.put(ENDPOINT, template);
    }
}
