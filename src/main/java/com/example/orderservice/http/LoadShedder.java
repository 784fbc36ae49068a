package com.example.orderservice.http;

import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Singleton;

import com.example.orderservice.error.ApiError;
import com.example.orderservice.error.ApiErrorWriter;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.AsyncResult;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * Bounds the API requests in progress: past {@code app.limits.max-in-flight}, a request is answered at once with 503
 * and {@code Retry-After} instead of queueing behind the others, so a burst or a slow dependency costs the excess
 * clients a fast retry rather than costing every client a timeout and the process its memory. The probes and
 * {@code /metrics} are never shed.
 * <p>
 * Shedding does no work for the request but writing the 503, whose body differs from one request to the next only by
 * its {@code instance}, the path.
 */
@Singleton
class LoadShedder {

    private static final ApiError OVERLOADED = ApiError.of(503);

    private final AtomicInteger inFlight = new AtomicInteger();
    private final Handler<AsyncResult<Void>> release = ignored -> inFlight.decrementAndGet();
    private final int maxInFlight;
    private final String retryAfter;
    private final ApiErrorWriter writer;

    LoadShedder(LimitsConfig config, ApiErrorWriter writer, MeterRegistry registry) {
        this.maxInFlight = config.maxInFlight();
        this.retryAfter = Integer.toString(config.retryAfterSeconds());
        this.writer = writer;
        Gauge.builder("app.requests.in.flight", inFlight, AtomicInteger::get)
                .description("API requests in progress; requests beyond app.limits.max-in-flight are answered 503")
                .register(registry);
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
        context.addEndHandler(release);
        context.next();
    }
}
