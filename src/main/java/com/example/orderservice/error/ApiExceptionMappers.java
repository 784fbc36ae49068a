package com.example.orderservice.error;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.RestResponse;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

import com.example.orderservice.order.IdempotencyKeyReusedException;
import com.example.orderservice.order.InvalidIdempotencyKeyException;
import com.example.orderservice.order.OrderStoreFullException;
import com.example.orderservice.order.OrderStoreUnavailableException;

/**
 * Maps every failure inside Quarkus REST to an {@link ApiError}, the order domain's refusals and failures included.
 * Nothing from an exception's internals (class names, stack traces, parser positions) reaches a client; unexpected
 * failures are logged here instead.
 */
public class ApiExceptionMappers {

    private static final Logger LOG = Logger.getLogger(ApiExceptionMappers.class);
    private static final String MALFORMED_JSON = "The body is not well-formed JSON";

    @ServerExceptionMapper
    public RestResponse<ApiError> invalid(ConstraintViolationException e) {
        List<ApiError.FieldViolation> violations = e.getConstraintViolations().stream()
                .map(v -> new ApiError.FieldViolation(fieldOf(v), v.getMessage()))
                .sorted(Comparator.comparing(ApiError.FieldViolation::field))
                .toList();
        return json(new ApiError(400, "Bad Request", "The request is invalid", violations));
    }

    @ServerExceptionMapper
    public RestResponse<ApiError> unknownField(UnrecognizedPropertyException e) {
        return badField(e, "unknown field");
    }

    @ServerExceptionMapper
    public RestResponse<ApiError> wrongType(InvalidFormatException e) {
        return badField(e, "must be a value of type " + e.getTargetType().getSimpleName());
    }

    @ServerExceptionMapper
    public RestResponse<ApiError> mismatched(MismatchedInputException e) {
        String path = pathOf(e);
        return path.isEmpty()
                ? json(ApiError.of(400, "Bad Request", "The body must be a JSON object"))
                : badField(e, "has the wrong type or shape");
    }

    @ServerExceptionMapper
    public RestResponse<ApiError> unreadable(JacksonException e) {
        return unreadableJson(e);
    }

    @ServerExceptionMapper
    public RestResponse<ApiError> invalidIdempotencyKey(InvalidIdempotencyKeyException e) {
        return json(ApiError.of(400, e.getMessage()));
    }

    /** 422: the request is well-formed, but contradicts the order its key already placed. */
    @ServerExceptionMapper
    public RestResponse<ApiError> idempotencyKeyReused(IdempotencyKeyReusedException e) {
        return json(ApiError.of(422, e.getMessage()));
    }

    /** 507 Insufficient Storage: the order could not be kept, and retrying will not help until capacity is raised. */
    @ServerExceptionMapper
    public RestResponse<ApiError> storeFull(OrderStoreFullException e) {
        return json(ApiError.of(507, e.getMessage()));
    }

    /** 503: the store may answer again soon, so the client may retry (with its Idempotency-Key). */
    @ServerExceptionMapper
    public RestResponse<ApiError> storeUnavailable(OrderStoreUnavailableException e) {
        return json(ApiError.of(503, e.getMessage()));
    }

    @ServerExceptionMapper
    public RestResponse<ApiError> api(ApiException e) {
        return json(ApiError.of(e.getResponse().getStatus(), e.getMessage()));
    }

    @ServerExceptionMapper
    public RestResponse<ApiError> http(WebApplicationException e) {
        if (e.getCause() instanceof JacksonException json) {
            // Quarkus REST wraps what the parser (not the databinder) refuses in a 400.
            return unreadableJson(json);
        }
        Response.StatusType status = e.getResponse().getStatusInfo();
        return json(ApiError.of(status.getStatusCode(), status.getReasonPhrase(), ApiError.defaultMessage(status.getStatusCode())));
    }

    @ServerExceptionMapper
    public RestResponse<ApiError> unexpected(Throwable e) {
        LOG.error("Unexpected failure while handling a request", e);
        return json(ApiError.of(500, "Internal Server Error", "The request could not be processed"));
    }

    private static RestResponse<ApiError> unreadableJson(JacksonException e) {
        // Inside nested objects the databinder wraps the parser's exception, adding where it happened.
        JacksonException cause = e instanceof JsonMappingException mapping && mapping.getCause() instanceof JacksonException
                inner ? inner : e;
        if (cause instanceof InputCoercionException) {
            // A number too large for its field ("quantity": 2147483648): the value is wrong, not the JSON.
            return violation(pathOf(cause.getProcessor()), "is out of range");
        }
        // The parser's only wording for STRICT_DUPLICATE_DETECTION: a repeated field is ambiguous, not unreadable.
        if (cause instanceof JsonParseException && cause.getOriginalMessage() != null
                && cause.getOriginalMessage().startsWith("Duplicate field")) {
            return violation(pathOf(cause.getProcessor()), "appears more than once");
        }
        return json(ApiError.of(400, "Bad Request", MALFORMED_JSON));
    }

    private static RestResponse<ApiError> badField(JsonMappingException e, String message) {
        return violation(pathOf(e), message);
    }

    private static RestResponse<ApiError> violation(String field, String message) {
        List<ApiError.FieldViolation> violations = List.of(new ApiError.FieldViolation(field, message));
        return json(new ApiError(400, "Bad Request", "The request is invalid", violations));
    }

    private static RestResponse<ApiError> json(ApiError error) {
        return RestResponse.ResponseBuilder.<ApiError> create(error.status())
                .entity(error)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .build();
    }


    /** {@code create.request.items[0].quantity} → {@code items[0].quantity}: the client knows no Java names. */
    static String fieldOf(ConstraintViolation<?> violation) {
        StringBuilder field = new StringBuilder();
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getKind() == ElementKind.METHOD || node.getKind() == ElementKind.PARAMETER) {
                continue;
            }
            if (node.getKind() == ElementKind.CONTAINER_ELEMENT) {
                field.append('[').append(node.getIndex()).append(']');
                continue;
            }
            if (node.isInIterable() && node.getIndex() != null) {
                field.append('[').append(node.getIndex()).append(']');
            }
            if (node.getName() != null) {
                field.append(field.isEmpty() ? "" : ".").append(node.getName());
            }
        }
        return field.isEmpty() ? "body" : field.toString();
    }

    /** Where the parser stands, as {@code items[0].quantity}; {@code body} at the top level. */
    static String pathOf(Object processor) {
        if (!(processor instanceof JsonParser parser)) {
            return "body";
        }
        List<JsonStreamContext> outermostFirst = new ArrayList<>();
        for (JsonStreamContext context = parser.getParsingContext(); context != null && !context.inRoot();
                context = context.getParent()) {
            outermostFirst.add(0, context);
        }
        StringBuilder path = new StringBuilder();
        for (JsonStreamContext context : outermostFirst) {
            if (context.inArray()) {
                path.append('[').append(Math.max(context.getCurrentIndex(), 0)).append(']');
            } else if (context.getCurrentName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(context.getCurrentName());
            }
        }
        return path.isEmpty() ? "body" : path.toString();
    }

    static String pathOf(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }
}
