package com.example.orderservice.http;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import jakarta.ws.rs.core.MediaType;

import com.example.orderservice.error.ApiException;

import io.netty.buffer.ByteBufUtil;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * What a JSON body must be before Jackson reads it, because Jackson is more lenient than docs/api.md:
 * <ul>
 * <li>its {@code Content-Type} is {@code application/json}, with no parameter but {@code charset=utf-8}: Jackson's
 * reader also takes {@code *}/{@code *}, {@code application/*} and every {@code +json} type, and ignores the charset,
 * guessing the encoding from the bytes (UTF-16 and UTF-32 included), while JSON between systems is UTF-8 (RFC 8259
 * §8.1). Otherwise 415;</li>
 * <li>its bytes are well-formed UTF-8 (RFC 3629): Jackson's UTF-8 parser decodes overlong forms ({@code C0 AF} as
 * {@code /}, a classic way past filters that look for the plain character) and has no feature to refuse them.
 * Otherwise 400.</li>
 * </ul>
 * The UTF-8 check is Netty's validating pass over the body as it was read (the Unicode standard's table of well-formed
 * sequences: no overlong forms, no encoded surrogates, nothing above U+10FFFF, no truncated sequence), rather than the
 * JDK's strict {@code CharsetDecoder}, which would decode every character into a buffer only to throw it away: on
 * every order, this is one pass over bytes already in memory, without copying them.
 */
final class JsonBodyCheck {

    private JsonBodyCheck() {
    }

    static void check(RoutingContext context) {
        if (!isJson(context.request().getHeader(HttpHeaders.CONTENT_TYPE))) {
            throw new ApiException(415, "The body must be sent as application/json, in UTF-8");
        }
        // Null without a body: Jackson then refuses the empty body.
        Buffer body = context.body().buffer();
        if (body != null && !isUtf8(body)) {
            throw new ApiException(400, "The body is not well-formed UTF-8");
        }
    }

    /** Parsed by Quarkus REST's own media type parser, which reads Content-Type for Jackson too. */
    private static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        MediaType type;
        try {
            type = MediaType.valueOf(contentType);
        } catch (RuntimeException unparsable) {
            return false;
        }
        if (!type.getType().equalsIgnoreCase("application") || !type.getSubtype().equalsIgnoreCase("json")) {
            return false;
        }
        for (Map.Entry<String, String> parameter : type.getParameters().entrySet()) {
            // RFC 9110 §5.6.6 allows an empty parameter (";;"); it says nothing.
            boolean empty = parameter.getKey().isEmpty() && parameter.getValue().isEmpty();
            boolean utf8 = parameter.getKey().equalsIgnoreCase("charset") && parameter.getValue().equalsIgnoreCase("utf-8");
            if (!empty && !utf8) {
                return false;
            }
        }
        return true;
    }

    @SuppressWarnings("deprecation") // Vert.x 4's only way to the bytes without a copy: a view of the same memory
    private static boolean isUtf8(Buffer body) {
        return ByteBufUtil.isText(body.getByteBuf(), StandardCharsets.UTF_8);
    }
}
