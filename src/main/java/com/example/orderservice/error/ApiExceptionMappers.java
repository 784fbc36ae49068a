package com.example.orderservice.error;

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
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Maps every failure to an {@link ApiError}. Nothing from an exception's internals (class names, stack traces,
 * parser positions) reaches a client; unexpected failures are logged here instead.
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
    public RestResponse<ApiError> malformed(JacksonException e) {
        return json(ApiError.of(400, "Bad Request", MALFORMED_JSON));
    }

    @ServerExceptionMapper
    public RestResponse<ApiError> api(ApiException e) {
        return json(ApiError.of(e.getResponse().getStatus(), e.getMessage()));
    }

    @ServerExceptionMapper
    public RestResponse<ApiError> http(WebApplicationException e) {
        Response.StatusType status = e.getResponse().getStatusInfo();
        return json(ApiError.of(status.getStatusCode(), status.getReasonPhrase(), messageOf(e, status)));
    }

    @ServerExceptionMapper
    public RestResponse<ApiError> unexpected(Throwable e) {
        LOG.error("Unexpected failure while handling a request", e);
        return json(ApiError.of(500, "Internal Server Error", "The request could not be processed"));
    }

    private static RestResponse<ApiError> badField(JsonMappingException e, String message) {
        List<ApiError.FieldViolation> violations = List.of(new ApiError.FieldViolation(pathOf(e), message));
        return json(new ApiError(400, "Bad Request", "The request is invalid", violations));
    }

    private static RestResponse<ApiError> json(ApiError error) {
        return RestResponse.ResponseBuilder.<ApiError> create(error.status())
                .entity(error)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .build();
    }

    private static String messageOf(WebApplicationException e, Response.StatusType status) {
        return switch (status.getStatusCode()) {
            case 400 -> e.getCause() instanceof JacksonException ? MALFORMED_JSON : "The request is invalid";
            case 404 -> "No resource at this path";
            case 405 -> "This method is not allowed on this resource";
            case 406 -> "Only application/json responses are available";
            case 415 -> "The body must be sent as application/json";
            default -> status.getReasonPhrase();
        };
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
