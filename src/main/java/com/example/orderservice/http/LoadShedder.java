package com.example.orderservice.http;

import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Singleton;

import com.example.orderservice.error.ApiError;
import com.example.orderservice.error.ApiErrorWriter;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * Bounds the API requests in progress: past {@code app.limits.max-in-flight}, a request is answered at once with 503
 * and {@code Retry-After} instead of queueing behind the others, so a burst or a slow dependency costs the excess
 * clients a fast retry rather than costing every client a timeout and the process its memory. The probes and
 * {@code /metrics} are never shed.
 * <p>
 * This is the one place that takes a slot and gives it back: {@link #admit} takes it, and {@link ExchangeEnd} gives
 * it back exactly once, whatever ends the exchange (a response, a reset, a closed connection, a failure in any later
 * stage), so that no abusive client can leave the count above the requests really in progress.
 * <p>
 * Shedding does no work for the request but writing the 503, whose body differs from one request to the next only by
 * its {@code instance}, the path.
 */
@Singleton
class LoadShedder {

    private static final ApiError OVERLOADED = ApiError.of(503);

    private final AtomicInteger inFlight = new AtomicInteger();
    private final Runnable release = inFlight::decrementAndGet;
    private final int maxInFlight;
    private final String retryAfter;
    private final ApiErrorWriter writer;

    LoadShedder(LimitsConfig config, ApiErrorWriter writer, MeterRegistry registry) {
        this.maxInFlight = config.maxInFlight();
        this.retryAfter = Integer.toString(config.retryAfterSeconds());
        this.writer = writer;
        // Held strongly, like the order stores' gauges: Quarkus keeps meters across test restarts in one JVM, and a
        // weakly held count of an earlier application goes NaN once that application is collected.
        Gauge.builder("app.requests.in.flight", inFlight, AtomicInteger::get)
                .description("API requests in progress; requests beyond app.limits.max-in-flight are answered 503")
                .strongReference(true).register(registry);
    }

    void admit(RoutingContext context) {
        if (OperationalPaths.matches(context.normalizedPath())) {
            context.next();
            return;
        }
        if (inFlight.incrementAndGet() > maxInFlight) {
            inFlight.decrementAndGet();
            context.response().putHeader(HttpHeaders.RETRY_AFTER, retryAfter);
            writer.end(context, OVERLOADED);
            return;
        }
        ExchangeEnd.register(context, release);
        context.next();
    }
}
