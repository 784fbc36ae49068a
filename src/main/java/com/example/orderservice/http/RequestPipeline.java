package com.example.orderservice.http;

import java.util.List;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.HttpHeaders;

import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

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
 * {@link StrictJson}'s Jackson settings, which take part in stages 5 and 6 inside Quarkus REST, and the meter filters
 * of {@code metrics.DefaultMeters}, which take part in none):
 * <ol>
 * <li><b>measure</b> ({@link RequestMetrics#start}): first, so that the recorded time and status cover every later
 * stage, and every answer is counted, a shed 503, a 413 and a refused framing included. The measurement ends with the
 * exchange, whatever ends it ({@link ExchangeEnd}). A request pipelined behind an answer that closed its connection
 * stops here, neither answered nor counted: it cannot be answered;</li>
 * <li><b>check framing</b> ({@link Framing}): a {@code Transfer-Encoding} that could frame the body two ways is
 * refused (400, 501) before anything else is done for the request;</li>
 * <li><b>shed</b> ({@link LoadShedder}): past the in-flight limit, 503 before any work is done for the request; the
 * one place that takes an in-flight slot and gives it back;</li>
 * <li><b>limit body</b> ({@link BodySizeLimit}): reads the body, 413 past the size limit, 408 past the time limit,
 * 400 for a malformed chunked body; then keeps a chunked body without data as an empty body;</li>
 * <li><b>route</b>: {@code /metrics} ({@link MetricsEndpoint}), {@code /q/...} (Quarkus: health probes), everything
 * else Quarkus REST ({@link OrderResource}). Once Quarkus REST has matched a resource method (and recorded its route
 * template, which the metrics read), its filters run: <b>fault injection</b> ({@link FaultInjection}), then, for a
 * method that reads a JSON body, the <b>body check</b> ({@link JsonBodyCheck}: 415, 400 for malformed UTF-8), then the
 * method;</li>
 * <li><b>map errors</b>: inside Quarkus REST its exception mappers ({@code error.ApiExceptionMappers}), then the
 * <b>Allow</b> of a 405; failures of the stages before it, of Vert.x routes and of Vert.x Web's own checks before any
 * stage (no {@code Host}, a path that does not start with {@code /}), {@link RouteFailureHandler}, which are measured
 * here when no stage measured them, and close the connection after the answer: what follows such a request on the
 * connection cannot be trusted to start a new one. Both answer with the one problem details error.</li>
 * </ol>
 * Before the first stage, two refusals come from below the service, with an empty body and uncounted: the HTTP
 * decoder's 414 and 431 (request line or headers too large), and Quarkus' 400 for a request target that is not a
 * valid URI ({@code /api/orders/%zz}), which it checks before any handler and with no setting to hand it on.
 * <p>
 * Operational endpoints ({@link OperationalPaths}) are neither measured nor shed.
 * <p>
 * Application scoped, so that it is created on first use, with the run-time configuration (limits, fault injection):
 * Quarkus REST sets up its filters during static init, before that configuration is known.
 */
@ApplicationScoped
public class RequestPipeline {

    /** Before every other handler, so that the measured time covers routing, body reading and error mapping. */
    private static final int FIRST = Integer.MAX_VALUE - 10;
    /** Marks a request whose measurement has started, so that the failure stage measures only the others. */
    private static final String MEASURED = RequestPipeline.class.getName() + ".measured";

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

    /** Stages 1 to 4, as Vert.x filters: they run for every request, in this order, before any route. */
    void beforeRouting(@Observes Filters filters) {
        List<Handler<RoutingContext>> stages = List.of(this::measure, Framing::check, shedder::admit, bodies::read,
                bodies::keepEmptyBody);
        for (int i = 0; i < stages.size(); i++) {
            filters.register(stages.get(i), FIRST - i);
        }
    }

    /** Stage 5 outside Quarkus REST, and stage 6 for everything that fails outside it. */
    void routes(@Observes Router router) {
        metricsEndpoint.route(router);
        router.route().order(Integer.MIN_VALUE).failureHandler(this::mapFailure);
    }

    /** Stage 5, once a resource method matched: an injected failure is counted under its route like a real one. */
    @ServerRequestFilter(priority = Priorities.USER)
    public void faultInjection(ContainerRequestContext request) {
        faults.inject(request.getHeaderString(FaultInjection.HEADER));
    }

    /** Stage 5, last filter: only for the resource methods marked {@link JsonBody}. */
    @ServerRequestFilter(priority = Priorities.USER + 2)
    @JsonBody
    public void jsonBody(RoutingContext context) {
        JsonBodyCheck.check(context);
    }

    /** Stage 6, after the exception mappers: a 405 says what its path serves (RFC 9110 §15.5.6). */
    @ServerResponseFilter
    public void allow(RoutingContext context, ContainerResponseContext response) {
        if (response.getStatus() == 405) {
            // Vert.x' path, not UriInfo's, which decodes it again and could fail on an escape.
            response.getHeaders().putSingle(HttpHeaders.ALLOW, OrderResource.allowedOn(context.normalizedPath()));
        }
    }

    private void measure(RoutingContext context) {
        if (!ExchangeEnd.connectionOpen(context)) {
            return;
        }
        startMeasuring(context);
        context.next();
    }

    private void mapFailure(RoutingContext context) {
        if (context.get(MEASURED) == null) {
            startMeasuring(context);
        }
        ExchangeEnd.closeAfterAnswer(context);
        failures.handle(context);
    }

    private void startMeasuring(RoutingContext context) {
        if (!OperationalPaths.matches(context.normalizedPath())) {
            context.put(MEASURED, Boolean.TRUE);
            ExchangeEnd.register(context, metrics.start(context));
        }
    }
}
