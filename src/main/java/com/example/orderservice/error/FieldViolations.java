package com.example.orderservice.error;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;

import com.fasterxml.jackson.core.JsonPointer;

/** Bean Validation's findings as {@link ApiError.FieldViolation}s, in the one order every answer lists them in. */
public final class FieldViolations {

    /** By pointer, then by detail: the same request gets the same list, whatever order the checks ran in. */
    public static final Comparator<ApiError.FieldViolation> ORDER = Comparator
            .comparing(ApiError.FieldViolation::pointer).thenComparing(ApiError.FieldViolation::detail);

    private FieldViolations() {
    }

    public static List<ApiError.FieldViolation> of(Collection<? extends ConstraintViolation<?>> violations) {
        return violations.stream()
                .map(v -> new ApiError.FieldViolation(pointerOf(v.getPropertyPath()).toString(), v.getMessage()))
                .sorted(ORDER)
                .toList();
    }

    /**
     * {@code create.request.items[0].quantity} → {@code /items/0/quantity}: where the value is in the body; the
     * client knows no Java names.
     */
    public static JsonPointer pointerOf(Path path) {
        JsonPointer pointer = JsonPointer.empty();
        for (Path.Node node : path) {
            if (node.getKind() == ElementKind.METHOD || node.getKind() == ElementKind.PARAMETER) {
                continue;
            }
            if (node.isInIterable() && node.getIndex() != null) {
                pointer = pointer.appendIndex(node.getIndex());
            }
            if (node.getKind() != ElementKind.CONTAINER_ELEMENT && node.getName() != null) {
                pointer = pointer.appendProperty(node.getName());
            }
        }
        return pointer;
    }
}
