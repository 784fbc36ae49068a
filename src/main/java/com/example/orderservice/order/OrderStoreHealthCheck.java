package com.example.orderservice.order;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import io.smallrye.health.api.AsyncHealthCheck;
import io.smallrye.mutiny.Uni;

/**
 * Readiness includes the store: a replica whose database is unreachable cannot accept orders, so it leaves the
 * Service until the database answers again. Non-blocking, like the requests it stands for.
 */
@Readiness
@ApplicationScoped
public class OrderStoreHealthCheck implements AsyncHealthCheck {

    static final String NAME = "order-store";

    private final OrderStore store;

    OrderStoreHealthCheck(OrderStore store) {
        this.store = store;
    }

    @Override
    public Uni<HealthCheckResponse> call() {
        return store.check()
                .map(ok -> HealthCheckResponse.named(NAME).up().withData("store", store.name()).build())
                .onFailure().recoverWithItem(e -> HealthCheckResponse.named(NAME).down()
                        .withData("store", store.name()).withData("error", e.getMessage()).build());
    }
}
