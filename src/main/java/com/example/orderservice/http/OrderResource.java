package com.example.orderservice.http;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;

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
 * request. No {@code @Consumes}: a body with the wrong content type is then refused after the route has matched,
 * so the 415 is counted under the real route instead of as an unmatched request.
 */
@Path(OrderResource.PATH)
@Produces(MediaType.APPLICATION_JSON)
public class OrderResource {

    public static final String PATH = "/api/orders";
    static final String REPLAYED = "Idempotent-Replayed";

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
    @APIResponse(responseCode = "201") // The OpenAPI document says 200 otherwise; the rest is in META-INF/openapi.yaml.
    public Uni<RestResponse<OrderResponse>> create(@Valid @NotNull OrderRequest request, HttpServerRequest http) {
        return orders.place(request, http.getHeader(IdempotencyKey.HEADER))
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

    @GET
    @Path("{id}")
    public Uni<OrderResponse> get(@RestPath String id) {
        return orders.find(id)
                .onItem().ifNull().failWith(() -> ApiException.notFound("No order with this id"))
                .map(OrderResponse::of);
    }
}
