package com.example.orderservice.http;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelFutureListener;
import io.vertx.core.AsyncResult;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.ext.web.RoutingContext;

/**
 * Runs actions exactly once when an exchange ends, whatever ends it: its response, a reset, the connection closing
 * before or after the body, an exception. What a request takes (an in-flight slot, a started measurement, a timer) is
 * given back here, by one listener per exchange whatever the number of actions.
 * <p>
 * Vert.x' own signal ({@link RoutingContext#addEndHandler}) is not enough: when the connection closes while a later
 * pipelined request is queued behind a response in progress, Vert.x' close handling fails on the queued request (it
 * has no response yet) before it reaches the one in progress, whose end handlers then never run. The Netty channel's
 * close future is completed by Netty itself, so it is the second, certain trigger; the first one to fire wins.
 */
final class ExchangeEnd implements Handler<AsyncResult<Void>>, ChannelFutureListener {

    private static final String KEY = ExchangeEnd.class.getName();

    private final AtomicBoolean done = new AtomicBoolean();
    private final ChannelFuture closed;
    /** Registered and run on the connection's event loop, in the order registered. */
    private final List<Runnable> actions = new ArrayList<>(3);

    private ExchangeEnd(ChannelFuture closed) {
        this.closed = closed;
    }

    /** Runs {@code action} once, when the exchange of {@code context} ends (at once if it has ended already). */
    static void register(RoutingContext context, Runnable action) {
        ExchangeEnd end = context.get(KEY);
        if (end == null) {
            end = new ExchangeEnd(channel(context).closeFuture());
            context.put(KEY, end);
            context.addEndHandler(end);
            end.closed.addListener(end);
        }
        if (end.done.get()) {
            action.run();
        } else {
            end.actions.add(action);
        }
    }

    /** Whether the request's connection is still open: a pipelined request behind a closing one never is. */
    static boolean connectionOpen(RoutingContext context) {
        return !LingeringClose.closing(channel(context));
    }

    /**
     * Closes the connection once the answer has been written, and says so in the answer: after an error found before
     * the request reached the API (framing, size, time), the rest of what the client sent cannot be trusted to start
     * a new request.
     */
    static void closeAfterAnswer(RoutingContext context) {
        if (context.response().headWritten()) {
            // An answer already under way: its writer closes the connection when it cannot complete it.
            return;
        }
        context.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
        context.addEndHandler(ignored -> LingeringClose.close(channel(context)));
    }

    @Override
    public void handle(AsyncResult<Void> ignored) {
        if (done.compareAndSet(false, true)) {
            // A kept-alive connection carries many exchanges: leave no listener behind on it.
            closed.removeListener(this);
            actions.forEach(Runnable::run);
        }
    }

    @Override
    public void operationComplete(ChannelFuture future) {
        if (done.compareAndSet(false, true)) {
            actions.forEach(Runnable::run);
        }
    }

    /** Every HTTP/1.1 connection of the Vert.x server is a {@link ConnectionBase}; Quarkus reaches its channel so. */
    private static Channel channel(RoutingContext context) {
        return ((ConnectionBase) context.request().connection()).channel();
    }
}
