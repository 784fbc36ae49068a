package com.example.orderservice.http;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import com.example.orderservice.error.RouteFailureHandler;
import com.example.orderservice.metrics.MetricsEndpoint;
import com.example.orderservice.metrics.RequestMetrics;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.Handler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * Every stage a request goes through, registered here, in the order a request meets them (what plugs into a library
 * instead is found by Quarkus where it is declared: the exception mappers of {@code error.ApiExceptionMappers} and
 * {@link StrictJson}'s Jackson settings, which take part in stages 4 and 5 inside Quarkus REST, and the meter filters
 * of {@code metrics.DefaultMeters}, which take part in none):
 * <ol>
 * <li><b>measure</b> ({@link RequestMetrics#measure}): first, so that the recorded time and status cover every later
 * stage, and every answer is counted, a shed 503 and a 413 included;</li>
 * <li><b>shed</b> ({@link LoadShedder}): past the in-flight limit, 503 before any work is done for the request;</li>
 * <li><b>limit body</b> ({@link BodySizeLimit}): reads the body, 413 past the size limit;</li>
 * <li><b>route</b>: {@code /metrics} ({@link MetricsEndpoint}), {@code /q/...} (Quarkus: health probes), everything
 * else Quarkus REST ({@link OrderResource}). Once Quarkus REST has matched a resource method (and recorded its route
 * template, which the metrics read), <b>fault injection</b> ({@link FaultInjection}) runs, then the method;</li>
 * <li><b>map errors</b>: inside Quarkus REST its exception mappers ({@code error.ApiExceptionMappers}); failures of
 * the stages before it and of Vert.x routes, {@link RouteFailureHandler}. Both answer with the one JSON error.</li>
 * </ol>
 * Operational endpoints ({@link OperationalPaths}) are neither measured nor shed.
 * <p>
 * Application scoped, so that it is created on first use, with the run-time configuration (limits, fault injection):
 * Quarkus REST sets up its filters during static init, before that configuration is known.
 */
@ApplicationScoped
public class RequestPipeline {

    /** Before every other handler, so that the measured time covers routing, body reading and error mapping. */
    private static final int FIRST = Integer.MAX_VALUE - 10;

    private final RequestMetrics metrics;
    private final MetricsEndpoint metricsEndpoint;
    private final LoadShedder shedder;
    private final BodySizeLimit bodies;
    private final FaultInjection faults;
    private final RouteFailureHandler failures;

    RequestPipeline(RequestMetrics metrics, MetricsEndpoint metricsEndpoint, LoadShedder shedder, BodySizeLimit bodies,
            FaultInjection faults, RouteFailureHandler failures) {
        this.metrics = metrics;
        this.metricsEndpoint = metricsEndpoint;
        this.shedder = shedder;
        this.bodies = bodies;
        this.faults = faults;
        this.failures = failures;
    }

    /** Stages 1 to 3, as Vert.x filters: they run for every request, in this order, before any route. */
    void beforeRouting(@Observes Filters filters) {
        List<Handler<RoutingContext>> stages = List.of(this::measure, shedder::admit, bodies::read);
        for (int i = 0; i < stages.size(); i++) {
            filters.register(stages.get(i), FIRST - i);
        }
    }

    /** Stage 4 outside Quarkus REST, and stage 5 for everything that fails outside it. */
    void routes(@Observes Router router) {
        router.get(MetricsEndpoint.PATH).handler(metricsEndpoint::scrape);
        router.route().order(Integer.MIN_VALUE).failureHandler(failures::handle);
    }

    /** Stage 4, once a resource method matched: an injected failure is counted under its route like a real one. */
    @ServerRequestFilter(priority = Priorities.USER)
    public void faultInjection(ContainerRequestContext request) {
        faults.inject(request.getHeaderString(FaultInjection.HEADER));
    }

    private void measure(RoutingContext context) {
        if (OperationalPaths.matches(context.normalizedPath())) {
            context.next();
        } else {
            metrics.measure(context);
        }
    }
}
