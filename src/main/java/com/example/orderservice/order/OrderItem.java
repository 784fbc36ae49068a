package com.example.orderservice.order;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** One line of an order. */
public record OrderItem(
        @NotBlank @Size(max = OrderRequest.MAX_ID_LENGTH) String sku,
        @NotNull @Min(1) @Max(OrderItem.MAX_QUANTITY) Integer quantity) {

    public static final int MAX_QUANTITY = 10_000;
}
