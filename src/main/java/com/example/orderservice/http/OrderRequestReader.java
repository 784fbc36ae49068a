package com.example.orderservice.http;

import java.io.IOException;
import java.io.InputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.Provider;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveResourceInfo;
import org.jboss.resteasy.reactive.server.spi.ServerMessageBodyReader;
import org.jboss.resteasy.reactive.server.spi.ServerRequestContext;

import com.example.orderservice.error.ApiError;
import com.example.orderservice.error.ApiError.FieldViolation;
import com.example.orderservice.error.ApiException;
import com.example.orderservice.error.FieldViolations;
import com.example.orderservice.order.OrderRequest;

/**
 * Reads the body of {@code POST /api/orders}. A valid order is bound once, straight from its bytes, by the service's
 * {@link ObjectMapper} (with {@link StrictJson}'s rules). A body that does not bind is read again, as a tree, to name
 * every bad field in one answer: the JSON type of each field is checked, the fields of the wrong type are set aside,
 * and what remains is bound and validated, so that {@code {"customerId": 42, "items": [{"sku": "", "quantity": "x"}]}}
 * names {@code /customerId}, {@code /items/0/sku} and {@code /items/0/quantity} at once.
 */
// Jackson's databinding stops at the first value it cannot bind, and a DeserializationProblemHandler is not called for
// most of what StrictJson refuses (coercions between strings and numbers, fractions, numbers out of range): so the
// types are checked here, on the tree, for every field at once.
// A ServerMessageBodyReader, not only JAX-RS' MessageBodyReader: for a plain one, Quarkus REST looks up the resource
// method's parameter annotations by reflection on every request, to pass them to isReadable and readFrom (3% of a
// POST's CPU time in a profile), and this reader needs none of them.
@Provider
@Consumes(MediaType.APPLICATION_JSON)
public class OrderRequestReader implements ServerMessageBodyReader<OrderRequest> {

    private static final String NOT_AN_OBJECT = "The body must be a JSON object";
    private static final String MALFORMED = "The body is not well-formed JSON";
    private static final String STRING = "must be a string";
    private static final String INTEGER = "must be an integer";
    private static final String ARRAY = "must be an array";
    private static final String OBJECT = "must be an object";
    private static final String OUT_OF_RANGE = "is out of range";
    private static final String UNKNOWN = "is not a known field";
    private static final String REPEATED = "appears more than once";

    /** The JSON names of OrderRequest's and OrderItem's components: any other field of an invalid body is unknown. */
    private static final Set<String> ORDER_FIELDS = Set.of("customerId", "items");
    private static final Set<String> ITEM_FIELDS = Set.of("sku", "quantity");

    private final ObjectMapper mapper;
    private final ObjectReader orders;
    private final Validator validator;

    OrderRequestReader(ObjectMapper mapper, Validator validator) {
        this.mapper = mapper;
        this.orders = mapper.readerFor(OrderRequest.class);
        this.validator = validator;
    }

    @Override
    public boolean isReadable(Class<?> type, Type genericType, ResteasyReactiveResourceInfo lazyMethod,
            MediaType mediaType) {
        return type == OrderRequest.class;
    }

    @Override
    public boolean isReadable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return type == OrderRequest.class;
    }

    @Override
    public OrderRequest readFrom(Class<OrderRequest> type, Type genericType, MediaType mediaType,
            ServerRequestContext context) throws IOException {
        return read(context.getInputStream());
    }

    @Override
    public OrderRequest readFrom(Class<OrderRequest> type, Type genericType, Annotation[] annotations,
            MediaType mediaType, MultivaluedMap<String, String> headers, InputStream entity) throws IOException {
        return read(entity);
    }

    private OrderRequest read(InputStream entity) throws IOException {
        // At most the body limit, and already in memory: BodySizeLimit read it before Quarkus REST.
        byte[] body = entity.readAllBytes();
        OrderRequest order;
        try {
            order = orders.readValue(body);
        } catch (JacksonException unbound) {
            throw new ApiException(problemOf(body));
        }
        if (order == null) {
            // The body is JSON's null, which binds to no order rather than failing.
            throw new ApiException(ApiError.of(400, NOT_AN_OBJECT));
        }
        return order;
    }

    private ApiError problemOf(byte[] body) throws IOException {
        JsonNode tree;
        try {
            tree = mapper.readTree(body);
        } catch (JacksonException unreadable) {
            return repeatedField(unreadable);
        }
        if (!(tree instanceof ObjectNode order)) {
            return ApiError.of(400, NOT_AN_OBJECT);
        }
        List<FieldViolation> violations = new ArrayList<>();
        checkOrder(order, violations);
        Set<String> reported = new HashSet<>();
        violations.forEach(violation -> reported.add(violation.pointer()));
        // What is left binds: each field has its type or is null, which Bean Validation reports where it matters.
        for (ConstraintViolation<OrderRequest> violation : validator.validate(bind(order))) {
            String pointer = FieldViolations.pointerOf(violation.getPropertyPath()).toString();
            if (!reported.contains(pointer)) {
                violations.add(new FieldViolation(pointer, violation.getMessage()));
            }
        }
        violations.sort(FieldViolations.ORDER);
        return violations.isEmpty() ? ApiError.of(400) : ApiError.invalidFields(violations);
    }

    private OrderRequest bind(ObjectNode order) {
        try {
            return mapper.treeToValue(order, OrderRequest.class);
        } catch (JacksonException e) {
            throw new IllegalStateException("An order whose fields all have their JSON type binds", e);
        }
    }

    /**
     * A repeated field makes the body ambiguous, so the parser stops there, and it is the one field named. Jackson
     * raises it (StreamReadFeature.STRICT_DUPLICATE_DETECTION) as a plain JsonParseException, with no type or code of
     * its own: its fixed wording "Duplicate field" is the only thing that tells it from malformed JSON.
     */
    private static ApiError repeatedField(JacksonException unreadable) {
        if (unreadable instanceof JsonParseException parse && parse.getProcessor() != null
                && parse.getOriginalMessage().startsWith("Duplicate field")) {
            String pointer = parse.getProcessor().getParsingContext().pathAsPointer().toString();
            return ApiError.invalidFields(List.of(new FieldViolation(pointer, REPEATED)));
        }
        return ApiError.of(400, MALFORMED);
    }

    /** Reports each field of the wrong JSON type, and sets it to null (an unknown field: removes it). */
    private static void checkOrder(ObjectNode order, List<FieldViolation> violations) {
        JsonPointer root = JsonPointer.empty();
        onlyKnownFields(order, root, ORDER_FIELDS, violations);
        check(order, "customerId", root, JsonNode::isTextual, STRING, violations);
        if (check(order, "items", root, JsonNode::isArray, ARRAY, violations)) {
            ArrayNode items = (ArrayNode) order.get("items");
            JsonPointer at = root.appendProperty("items");
            for (int i = 0; i < items.size(); i++) {
                if (items.get(i) instanceof ObjectNode item) {
                    checkItem(item, at.appendIndex(i), violations);
                } else if (!items.get(i).isNull()) {
                    violations.add(new FieldViolation(at.appendIndex(i).toString(), OBJECT));
                    items.setNull(i);
                }
            }
        }
    }

    private static void checkItem(ObjectNode item, JsonPointer at, List<FieldViolation> violations) {
        onlyKnownFields(item, at, ITEM_FIELDS, violations);
        check(item, "sku", at, JsonNode::isTextual, STRING, violations);
        JsonNode quantity = item.path("quantity");
        if (quantity.isIntegralNumber() && !quantity.canConvertToInt()) {
            violations.add(new FieldViolation(at.appendProperty("quantity").toString(), OUT_OF_RANGE));
            item.putNull("quantity");
        }
        check(item, "quantity", at, JsonNode::isIntegralNumber, INTEGER, violations);
    }

    /** True when the field is there with the right type; a missing or null field is left to Bean Validation. */
    private static boolean check(ObjectNode parent, String field, JsonPointer at, Predicate<JsonNode> type,
            String wrongType, List<FieldViolation> violations) {
        JsonNode value = parent.get(field);
        if (value == null || value.isNull()) {
            return false;
        }
        if (type.test(value)) {
            return true;
        }
        violations.add(new FieldViolation(at.appendProperty(field).toString(), wrongType));
        parent.putNull(field);
        return false;
    }

    private static void onlyKnownFields(ObjectNode object, JsonPointer at, Set<String> known,
            List<FieldViolation> violations) {
        List<String> unknown = new ArrayList<>();
        object.fieldNames().forEachRemaining(name -> {
            if (!known.contains(name)) {
                unknown.add(name);
                violations.add(new FieldViolation(at.appendProperty(name).toString(), UNKNOWN));
            }
        });
        object.remove(unknown);
    }
}
