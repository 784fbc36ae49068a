package com.example.orderservice.order;

/**
 * The {@code Idempotency-Key} request header (IETF draft-ietf-httpapi-idempotency-key-header, as Stripe uses it): a
 * client-chosen key, typically a UUID, that makes a retried {@code POST} return the first answer instead of placing
 * a second order.
 */
public final class IdempotencyKey {

    public static final String HEADER = "Idempotency-Key";
    /** Enough for any UUID, ULID or hash a client would use; short enough to be a cheap index entry. */
    static final int MAX_LENGTH = 255;

    private IdempotencyKey() {
    }

    /**
     * The key when it is 1 to {@value #MAX_LENGTH} visible ASCII characters (no spaces, no control characters, no
     * non-ASCII, so it is stored and logged as sent); {@code null} when absent; refused otherwise.
     */
    static String validated(String header) {
        if (header == null) {
            return null;
        }
        boolean valid = !header.isEmpty() && header.length() <= MAX_LENGTH;
        for (int i = 0; valid && i < header.length(); i++) {
            char c = header.charAt(i);
            valid = c > ' ' && c < 0x7f;
        }
        if (!valid) {
            throw new InvalidIdempotencyKeyException();
        }
        return header;
    }
}
