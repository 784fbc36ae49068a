package com.example.orderservice.error;

import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.example.orderservice.order.IdempotencyKeyReusedException;
import com.example.orderservice.order.InvalidIdempotencyKeyException;
import com.example.orderservice.order.OrderStoreFullException;
import com.example.orderservice.order.OrderStoreUnavailableException;

import io.vertx.core.http.HttpServerRequest;

/**
 * Maps every failure inside Quarkus REST to an {@link ApiError}, the order domain's refusals and failures included.
 * Nothing from an exception's internals (class names, stack traces, parser positions) reaches a client; unexpected
 * failures are logged here instead. A body that does not bind to an order never gets here as a Jackson exception:
 * {@code http.OrderRequestReader} turns it into an {@link ApiException} naming every bad field.
 * <p>
 * The problem is {@code application/problem+json} whatever the request's {@code Accept} says: an error answered with
 * 406 instead would hide what went wrong, and a client that accepts {@code application/json} reads it as JSON.
 */
public class ApiExceptionMappers {

    private static final Logger LOG = Logger.getLogger(ApiExceptionMappers.class);

    @ServerExceptionMapper
    public RestResponse<ApiError> invalid(ConstraintViolationException e, HttpServerRequest request) {
        return problem(ApiError.invalidFields(FieldViolations.of(e.getConstraintViolations())), request);
    }

    @ServerExceptionMapper
    public RestResponse<ApiError> invalidIdempotencyKey(InvalidIdempotencyKeyException e, HttpServerRequest request) {
        return problem(ApiError.of(400, e.getMessage()), request);
    }

    /** 422: the request is well-formed, but contradicts the order its key already placed. */
    @ServerExceptionMapper
    public RestResponse<ApiError> idempotencyKeyReused(IdempotencyKeyReusedException e, HttpServerRequest request) {
        return problem(ApiError.of(422, e.getMessage()), request);
    }

    /** 507 Insufficient Storage: the order could not be kept, and retrying will not help until capacity is raised. */
    @ServerExceptionMapper
    public RestResponse<ApiError> storeFull(OrderStoreFullException e, HttpServerRequest request) {
        return problem(ApiError.of(507, e.getMessage()), request);
    }

    /** 503: the store may answer again soon, so the client may retry (with its Idempotency-Key). */
    @ServerExceptionMapper
    public RestResponse<ApiError> storeUnavailable(OrderStoreUnavailableException e, HttpServerRequest request) {
        return problem(ApiError.of(503, e.getMessage()), request);
    }

    @ServerExceptionMapper
    public RestResponse<ApiError> api(ApiException e, HttpServerRequest request) {
        return problem(e.error(), request);
    }

    @ServerExceptionMapper
    public RestResponse<ApiError> http(WebApplicationException e, HttpServerRequest request) {
        return problem(ApiError.of(e.getResponse().getStatus()), request);
    }

    @ServerExceptionMapper
    public RestResponse<ApiError> unexpected(Throwable e, HttpServerRequest request) {
        LOG.error("Unexpected failure while handling a request", e);
        return problem(ApiError.of(500), request);
    }

    private static RestResponse<ApiError> problem(ApiError error, HttpServerRequest request) {
        return RestResponse.ResponseBuilder.<ApiError> create(error.status())
                .entity(error.at(request.path()))
                .type(ApiError.MEDIA_TYPE)
                .build();
    }
}
