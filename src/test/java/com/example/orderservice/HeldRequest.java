package com.example.orderservice;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A {@code POST} whose body arrives in two parts, with the request kept open in between: a request that is
 * deterministically in progress on the server for as long as the test wants, without any sleep.
 */
public final class HeldRequest implements AutoCloseable {

    private final Socket socket;
    private final byte[] rest;

    private HeldRequest(Socket socket, byte[] rest) {
        this.socket = socket;
        this.rest = rest;
    }

    /** Sends the headers and the first half of {@code json}. */
    public static HeldRequest start(String host, int port, String path, String json) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        int half = body.length / 2;
        try {
            Socket socket = new Socket(host, port);
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + path + " HTTP/1.1\r\nHost: " + host + "\r\nContent-Type: application/json\r\n"
                    + "Content-Length: " + body.length + "\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.write(body, 0, half);
            out.flush();
            byte[] rest = new byte[body.length - half];
            System.arraycopy(body, half, rest, 0, rest.length);
            return new HeldRequest(socket, rest);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Sends the rest of the body and returns the whole response (the server closes the connection after it). */
    public String complete() {
        try {
            socket.getOutputStream().write(rest);
            socket.getOutputStream().flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return response();
    }

    /** Sends no more and returns the response the server gives without the rest of the body, such as a time-out. */
    public String response() {
        try {
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream response = new ByteArrayOutputStream();
            in.transferTo(response);
            return response.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The status code of a response returned by {@link #complete()}. */
    public static int status(String response) {
        return Integer.parseInt(response.substring(9, 12));
    }

    /** The body of a response returned by {@link #complete()}. */
    public static String body(String response) {
        return response.substring(response.indexOf("\r\n\r\n") + 4);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
