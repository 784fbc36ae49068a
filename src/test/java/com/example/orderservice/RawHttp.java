package com.example.orderservice;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.restassured.RestAssured;

/**
 * Raw HTTP to the application under test, for what RestAssured does not do well: many concurrent requests over many
 * connections ({@link #sendAll}), and bytes exactly as a hostile client sends them over a socket ({@link Connection}).
 * Uses the host and port that {@code @QuarkusTest} and {@code @QuarkusIntegrationTest} give RestAssured.
 */
public final class RawHttp {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = client();

    private RawHttp() {
    }

    /** Parses an answer; Jackson rather than RestAssured's JsonPath, which is too slow for thousands of answers. */
    public static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }

    public static URI uri(String path) {
        return URI.create(RestAssured.baseURI + ":" + RestAssured.port + path);
    }

    /** HTTP/1.1 only: one request per connection at a time, so concurrent requests really open many connections. */
    public static HttpClient client() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10))
                .build();
    }

    /** Sends the request with a client of {@link #client()}'s; no answer (an I/O error) fails the test. */
    public static HttpResponse<String> send(HttpRequest request) {
        return send(CLIENT, request);
    }

    /**
     * As {@link #send}, on a connection of its own: for a request the service answers by closing the connection. When
     * that answer arrives before the JDK's client has sent the whole body, the client may still pick that connection
     * for its next request, which the service, having answered {@code Connection: close}, rightly never answers.
     */
    public static HttpResponse<String> sendAlone(HttpRequest request) {
        return send(client(), request);
    }

    private static HttpResponse<String> send(HttpClient client, HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException("no answer to " + request, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    public static HttpRequest.Builder post(String path, String json) {
        return HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json));
    }

    /**
     * Sends every request with at most {@code concurrency} in flight (so as many connections), and returns the
     * answers in the order of the requests.
     */
    public static List<HttpResponse<String>> sendAll(HttpClient client, List<HttpRequest> requests, int concurrency) {
        Semaphore slots = new Semaphore(concurrency);
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>(requests.size());
        for (HttpRequest request : requests) {
            slots.acquireUninterruptibly();
            answers.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofString())
                    .whenComplete((response, failure) -> slots.release()));
        }
        return answers.stream().map(CompletableFuture::join).toList();
    }

    /** One response read off a socket: the status, the headers (names in lower case) and the body. */
    public record Response(int status, Map<String, String> headers, String body) {

        public String header(String name) {
            return headers.getOrDefault(name.toLowerCase(Locale.ROOT), "");
        }

        /** Asserts that this is the service's JSON error with this status; returns the parsed body. */
        public JsonNode assertError(int expectedStatus) {
            return ApiErrors.assertError(status, header("Content-Type"), body, expectedStatus);
        }
    }

    /**
     * A plain TCP connection to the application under test, for requests no HTTP client would send: bytes go out as
     * given, responses are read one at a time (the service always sends a {@code Content-Length}), and whether the
     * service closed the connection is observable. Every read waits at most {@code timeout}.
     */
    public static final class Connection implements AutoCloseable {

        private final Socket socket;
        private final InputStream in;
        private final OutputStream out;

        private Connection(Socket socket) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
            this.out = socket.getOutputStream();
        }

        public static Connection open(Duration timeout) {
            URI server = uri("/");
            try {
                Socket socket = new Socket(server.getHost(), server.getPort());
                socket.setSoTimeout((int) timeout.toMillis());
                return new Connection(socket);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** Sends these characters as ISO-8859-1 bytes (HTTP's own), {@code \r\n} and all. */
        public Connection send(String bytes) {
            return send(bytes.getBytes(StandardCharsets.ISO_8859_1));
        }

        public Connection send(byte[] bytes) {
            if (!trySend(bytes)) {
                throw new UncheckedIOException(new IOException("the service closed the connection before taking "
                        + bytes.length + " bytes"));
            }
            return this;
        }

        /** Sends, and says whether the service still took the bytes (false once it has closed the connection). */
        public boolean trySend(byte[] bytes) {
            try {
                out.write(bytes);
                out.flush();
                return true;
            } catch (IOException closed) {
                return false;
            }
        }

        /** The next response; fails when the connection ends or stays silent before a whole response came. */
        public Response read() {
            try {
                String head = readHead();
                if (head == null) {
                    throw new AssertionError("the connection ended without a response");
                }
                String[] lines = head.split("\r\n");
                Map<String, String> headers = new TreeMap<>();
                for (int i = 1; i < lines.length; i++) {
                    int colon = lines[i].indexOf(':');
                    headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT),
                            lines[i].substring(colon + 1).trim());
                }
                int length = Integer.parseInt(headers.getOrDefault("content-length", "0"));
                byte[] body = in.readNBytes(length);
                if (body.length < length) {
                    throw new AssertionError("the body ended after " + body.length + " of " + length + " bytes");
                }
                return new Response(Integer.parseInt(lines[0].substring(9, 12)), headers,
                        new String(body, StandardCharsets.UTF_8));
            } catch (SocketTimeoutException silent) {
                throw new AssertionError("no response within the read timeout", silent);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /**
         * Whether the service has closed the connection: true when it ends (or is reset) before any further byte,
         * false when it stays open and silent for the read timeout; a byte of a further response fails the test.
         */
        public boolean closedByServer() {
            try {
                int next = in.read();
                if (next >= 0) {
                    throw new AssertionError("a further response began: " + (char) next + readRest());
                }
                return true;
            } catch (SocketTimeoutException open) {
                return false;
            } catch (SocketException reset) {
                return true;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The status line and headers, without the blank line; null when the connection ends before any byte. */
        private String readHead() throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int matched = 0;
            while (matched < 4) {
                int next = in.read();
                if (next < 0) {
                    if (head.size() == 0) {
                        return null;
                    }
                    throw new AssertionError("the connection ended inside a response head: " + head);
                }
                head.write(next);
                matched = next == (matched % 2 == 0 ? '\r' : '\n') ? matched + 1 : (next == '\r' ? 1 : 0);
            }
            String text = head.toString(StandardCharsets.ISO_8859_1);
            return text.substring(0, text.length() - 4);
        }

        private String readRest() {
            try {
                socket.setSoTimeout(1000);
                return new String(in.readNBytes(2000), StandardCharsets.ISO_8859_1);
            } catch (IOException e) {
                return "";
            }
        }
    }
}
