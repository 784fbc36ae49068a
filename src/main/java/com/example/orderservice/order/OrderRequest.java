package com.example.orderservice.order;

import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.quarkus.runtime.annotations.RegisterForReflection;

/** The body of {@code POST /api/orders}. Limits keep one request from costing more than a page of memory per item. */
// Jackson reads it reflectively: registered for the native executable, where type detection through generics
// (Uni<RestResponse<...>>, List<...>) is not guaranteed.
@RegisterForReflection
public record OrderRequest(
        @NotBlank @Size(max = OrderRequest.MAX_ID_LENGTH)
        @Pattern(regexp = OrderRequest.PRINTABLE, message = OrderRequest.PRINTABLE_MESSAGE) String customerId,
        @NotEmpty @Size(max = OrderRequest.MAX_ITEMS) List<@NotNull @Valid OrderItem> items) {

    public static final int MAX_ID_LENGTH = 64;
    public static final int MAX_ITEMS = 100;
    /**
     * Any Unicode text except control characters (NUL, escape sequences that garble logs and terminals) and unpaired
     * surrogates (not text at all, and unstorable as UTF-8): identifiers are shown to people and stored.
     */
    static final String PRINTABLE = "[^\\p{Cc}\\p{Cs}]*";
    static final String PRINTABLE_MESSAGE = "must not contain control characters or unpaired surrogates";
}
