package com.example.orderservice.metrics;

import jakarta.inject.Singleton;

import io.vertx.ext.web.RoutingContext;

/**
 * Records {@code app_requests_total} and {@code app_request_duration_seconds} for every API request, including those
 * that end in an error or match no route. The request pipeline calls it twice: {@link #measure} when a request
 * arrives (it records when the response ends, whatever produced it), and {@link #matched} once Quarkus REST has
 * matched a resource method, with the route template that becomes the {@code endpoint} label.
 * <p>
 * Quarkus' own HTTP server metrics would measure the same requests a second time (see application.properties).
 */
@Singleton
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

    /** Starts the clock and passes the request on; the time covers everything after it, error mapping included. */
    public void measure(RoutingContext context) {
        long start = System.nanoTime();
        context.addEndHandler(ignored -> {
            String endpoint = context.get(ENDPOINT);
            meters.record(context.request().method().name(),
                    endpoint != null ? endpoint : UNMATCHED,
                    context.response().ended() ? context.response().getStatusCode() : CLIENT_CLOSED_REQUEST,
                    System.nanoTime() - start);
        });
        context.next();
    }

    /** The request matched a route with this template ({@code /api/orders/{id}}): its {@code endpoint} label. */
    public void matched(RoutingContext context, String template) {
        context.put(ENDPOINT, template);
    }
}
