package com.example.orderservice.metrics;

import jakarta.inject.Singleton;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;

/**
 * Records {@code app_requests_total} and {@code app_request_duration_seconds} for every API request, including those
 * that end in an error or match no route. The request pipeline calls {@link #start} when a request arrives, and runs
 * what it returns once when the exchange ends, whatever ended it: that records the request under the route template
 * Quarkus REST matched (the {@code endpoint} label), or {@link #UNMATCHED}.
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
    /**
     * Where Quarkus REST leaves the route template of the resource method it matched ({@code /api/orders/{id}}), in
     * the request's Vert.x context, for Quarkus' own HTTP metrics and traces. It does so whenever Micrometer or
     * OpenTelemetry is in the build (both always are here), from the class and method templates of its build-time
     * route table: nothing is read by reflection at run time, which a native executable could not do.
     */
    private static final String URL_PATH_TEMPLATE = "UrlPathTemplate";

    private final RequestMeters meters;

    RequestMetrics(RequestMeters meters) {
        this.meters = meters;
    }

    /**
     * Starts the clock of one request; the action returned records it. The time then covers every stage after this
     * one, error mapping included.
     */
    public Runnable start(RoutingContext context) {
        long start = System.nanoTime();
        // The request's own context (Vert.x duplicates one per request): the one Quarkus REST writes the template to.
        // Captured now, because the exchange may end on a closed connection, outside that context.
        Context request = Vertx.currentContext();
        return () -> {
            String endpoint = request != null ? request.getLocal(URL_PATH_TEMPLATE) : null;
            meters.record(context.request().method().name(),
                    endpoint != null ? endpoint : UNMATCHED,
                    context.response().ended() ? context.response().getStatusCode() : CLIENT_CLOSED_REQUEST,
                    System.nanoTime() - start);
        };
    }
}
