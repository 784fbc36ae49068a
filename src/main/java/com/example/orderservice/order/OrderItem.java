package com.example.orderservice.order;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** One line of an order. */
// Jackson reads it reflectively: registered for the native executable, where type detection through generics
// (Uni<RestResponse<...>>, List<...>) is not guaranteed.
@RegisterForReflection
public record OrderItem(
        @NotBlank @Size(max = OrderRequest.MAX_ID_LENGTH)
        @Pattern(regexp = OrderRequest.PRINTABLE, message = OrderRequest.PRINTABLE_MESSAGE) String sku,
        @NotNull @Min(1) @Max(OrderItem.MAX_QUANTITY) Integer quantity) {

    public static final int MAX_QUANTITY = 10_000;
}
