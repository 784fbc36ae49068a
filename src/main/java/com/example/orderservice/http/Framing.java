package com.example.orderservice.http;

import java.util.List;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;

/**
 * Refuses a request whose body framing two HTTP implementations could read differently (RFC 9112 §6.1, §6.3), the
 * basis of request smuggling through a proxy: {@code Transfer-Encoding} on HTTP/1.0, in more than one field line,
 * folded over lines, listing {@code chunked} twice or anything malformed gets 400; a transfer coding other than
 * {@code chunked} gets 501 (none other is implemented). The connection is closed after every request that carries
 * {@code Transfer-Encoding}, accepted or not.
 * <p>
 * Netty's HTTP decoder, under Vert.x, has no setting for any of this (Vert.x 4 does not expose its
 * {@code HttpDecoderConfig}): it reads such bodies as chunked whenever {@code chunked} appears anywhere in the field,
 * and it drops a {@code Content-Length} sent beside {@code chunked} before any handler sees it. That request is read by
 * its {@code Transfer-Encoding} alone, which §6.3 allows provided the connection is closed after the answer: that is
 * why every chunked request closes its connection, as the service cannot tell the ambiguous one from the others.
 */
final class Framing {

    private static final String CHUNKED = "chunked";

    private Framing() {
    }

    static void check(RoutingContext context) {
        List<String> fieldLines = context.request().headers().getAll(HttpHeaders.TRANSFER_ENCODING);
        if (fieldLines.isEmpty()) {
            context.next();
            return;
        }
        int refusal = refusal(context.request().version(), fieldLines);
        if (refusal != 0) {
            // The failure stage answers and closes the connection.
            context.fail(refusal);
            return;
        }
        ExchangeEnd.closeAfterAnswer(context);
        context.next();
    }

    /** The status that refuses these {@code Transfer-Encoding} field lines, or 0 when they frame a body soundly. */
    static int refusal(HttpVersion version, List<String> fieldLines) {
        if (version != HttpVersion.HTTP_1_1 || fieldLines.size() != 1) {
            return 400;
        }
        String value = fieldLines.get(0);
        if (value.equalsIgnoreCase(CHUNKED)) {
            return 0;
        }
        int chunked = 0;
        boolean unknown = false;
        // Netty trims a field value, so whitespace inside a coding or at either end comes from a folded line.
        for (String coding : value.split(",", -1)) {
            String trimmed = coding.strip();
            if (trimmed.isEmpty() || trimmed.chars().anyMatch(c -> c == ' ' || c == '\t')) {
                return 400;
            }
            if (trimmed.equalsIgnoreCase(CHUNKED)) {
                chunked++;
            } else {
                unknown = true;
            }
        }
        if (chunked > 1 || !value.equals(value.strip())) {
            return 400;
        }
        return unknown ? 501 : 0;
    }
}
