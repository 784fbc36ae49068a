package com.example.orderservice.http;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestResponse;

import com.example.orderservice.error.ApiException;
import com.example.orderservice.order.IdempotencyKey;
import com.example.orderservice.order.Order;
import com.example.orderservice.order.OrderRequest;
import com.example.orderservice.order.OrderService;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;

/**
 * The order API. Methods return {@link Uni}, so Quarkus REST runs them on the event loop: no worker-thread hop per
 * request. No {@code @Consumes}: a body with the wrong content type is then refused after the route has matched
 * ({@link JsonBody}), so the 415 is counted under the real route instead of as an unmatched request.
 * <p>
 * Each path answers {@code OPTIONS} with the methods it serves, and a 405 on it carries the same {@code Allow}
 * (RFC 9110 §9.3.7, §15.5.6): Quarkus REST's own {@code OPTIONS} lists every method of the class on every path, and
 * its 405 lists none.
 */
@Path(OrderResource.PATH)
@Produces(MediaType.APPLICATION_JSON)
public class OrderResource {

    public static final String PATH = "/api/orders";
    static final String REPLAYED = "Idempotent-Replayed";
    /** {@code Allow} of {@link #PATH}. */
    static final String COLLECTION_METHODS = "POST, OPTIONS";
    /** {@code Allow} of one order: Quarkus REST answers {@code HEAD} with the {@code GET} method, without the body. */
    static final String ORDER_METHODS = "GET, HEAD, OPTIONS";

    private final OrderService orders;

    OrderResource(OrderService orders) {
        this.orders = orders;
    }

    /**
     * A retry with the same {@code Idempotency-Key} and the same order gets the first answer again, 201 with the same
     * id and body (so a client needs no special case for "my first attempt did succeed"), marked by
     * {@code Idempotent-Replayed: true}. The header is read from the raw request because {@code @RestHeader} turns an
     * empty value into none, and an empty key is a client bug to report, not a request without a key.
     */
    @POST
    @JsonBody
    @APIResponse(responseCode = "201") // The OpenAPI document says 200 otherwise; the rest is in META-INF/openapi.yaml.
    public Uni<RestResponse<OrderResponse>> create(@Valid @NotNull OrderRequest request, HttpServerRequest http) {
        return orders.place(request, idempotencyKey(http))
                .map(placement -> {
                    Order order = placement.order();
                    // The path as a string: created(URI) would parse it and resolve it against the request URI
                    // (a tenth of the CPU time of a POST); a relative Location is valid HTTP, as docs/api.md shows.
                    var response = RestResponse.ResponseBuilder
                            .<OrderResponse> create(RestResponse.Status.CREATED)
                            .header(HttpHeaders.LOCATION, PATH + "/" + order.id())
                            .entity(OrderResponse.of(order));
                    if (placement.replayed()) {
                        response.header(REPLAYED, "true");
                    }
                    return response.build();
                });
    }

    /**
     * The one key of the request, or {@code null}. Two {@code Idempotency-Key} lines are refused rather than one picked:
     * either could be the key of an earlier attempt. So is a comma in the key, because that is how a proxy may join two
     * lines into one (RFC 9110 §5.3), and no key a client generates has one.
     */
    private static String idempotencyKey(HttpServerRequest http) {
        String key = http.getHeader(IdempotencyKey.HEADER);
        if (key != null && (key.indexOf(',') >= 0 || http.headers().getAll(IdempotencyKey.HEADER).size() > 1)) {
            throw new ApiException(400, "Send one Idempotency-Key header, with one key");
        }
        return key;
    }

    @OPTIONS
    @APIResponse(responseCode = "200", description = "The methods this path serves, in Allow; no body",
            headers = @Header(name = HttpHeaders.ALLOW, required = true, schema = @Schema(type = SchemaType.STRING)))
    public Uni<RestResponse<Void>> collectionOptions() {
        return allow(COLLECTION_METHODS);
    }

    @GET
    @Path("{id}")
    public Uni<OrderResponse> get(@RestPath String id) {
        return orders.find(id)
                .onItem().ifNull().failWith(() -> ApiException.notFound("No order with this id"))
                .map(OrderResponse::of);
    }

    @OPTIONS
    @Path("{id}")
    @APIResponse(responseCode = "200", description = "The methods this path serves, in Allow; no body",
            headers = @Header(name = HttpHeaders.ALLOW, required = true, schema = @Schema(type = SchemaType.STRING)))
    public Uni<RestResponse<Void>> orderOptions() {
        return allow(ORDER_METHODS);
    }

    /** The {@code Allow} of a 405 on this path, which is one of this resource's: the collection, or an order. */
    static String allowedOn(String path) {
        boolean collection = path.startsWith(PATH) && (path.length() == PATH.length()
                || path.length() == PATH.length() + 1 && path.endsWith("/"));
        return collection ? COLLECTION_METHODS : ORDER_METHODS;
    }

    private static Uni<RestResponse<Void>> allow(String methods) {
        return Uni.createFrom().item(RestResponse.ResponseBuilder.<Void> ok().header(HttpHeaders.ALLOW, methods).build());
    }
}
