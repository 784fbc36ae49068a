package com.example.orderservice.http;

import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.socket.DuplexChannel;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;

/**
 * Closes a connection after its last answer so that the client can read that answer (RFC 9112 §9.6): the answer is
 * written, the sending side shut down, and what the client still sends (the rest of a body refused as too large, say)
 * is read and dropped, unparsed, until it closes its side or a bound is reached. Closing at once with unread bytes
 * would make the kernel reset the connection, and a client still sending its body would lose the answer to the reset.
 * Neither Vert.x nor Netty closes this way; Netty's half-closure is the means.
 */
final class LingeringClose extends ChannelInboundHandlerAdapter {

    /** What the client may still send after the answer: enough for a typical client's buffers in flight. */
    private static final long MAX_DROPPED_BYTES = 1 << 20;
    /** How long the connection stays half open for the client to read the answer and close. */
    private static final long LINGER_MILLIS = 2_000;

    /** Marks a connection whose last answer is written: what was pipelined behind it is neither run nor counted. */
    private static final AttributeKey<Boolean> CLOSING = AttributeKey.valueOf(LingeringClose.class, "closing");

    private long dropped;

    private LingeringClose() {
    }

    /** Called once the last answer has been handed to the connection, on its event loop. */
    static void close(Channel channel) {
        channel.attr(CLOSING).set(Boolean.TRUE);
        if (!(channel instanceof DuplexChannel duplex) || !channel.isActive()) {
            channel.close();
            return;
        }
        // From now on nothing the client sends reaches the HTTP decoder: no further request is parsed or answered.
        channel.pipeline().addFirst(new LingeringClose());
        channel.config().setAutoRead(true);
        channel.read();
        // Shutting down the output discards what is not yet written: first the answer, then the shutdown.
        channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener((ChannelFutureListener) written -> {
            if (!written.isSuccess()) {
                channel.close();
                return;
            }
            duplex.shutdownOutput();
            // Sooner when the client closes its side: the channel then closes itself (half-closure is not allowed).
            channel.eventLoop().schedule(() -> { channel.close(); }, LINGER_MILLIS, TimeUnit.MILLISECONDS);
        });
    }

    /** Whether the connection takes no further request: closed, or closing after its last answer. */
    static boolean closing(Channel channel) {
        return !channel.isActive() || channel.hasAttr(CLOSING);
    }

    @Override
    public void channelRead(ChannelHandlerContext context, Object message) {
        if (message instanceof ByteBuf bytes) {
            dropped += bytes.readableBytes();
        }
        ReferenceCountUtil.release(message);
        if (dropped > MAX_DROPPED_BYTES) {
            context.close();
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext context, Throwable cause) {
        context.close();
    }
}
