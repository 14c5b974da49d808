package dev.keel.api.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;

import org.osgi.annotation.versioning.ProviderType;

/**
 * The kernel's outbound HTTP client for plugins, built on
 * {@link java.net.http.HttpClient}. The kernel registers it per bundle, so it
 * knows which plugin calls: every request carries a {@code User-Agent} of
 * {@code Keel/<kernel version> (plugin <name>/<version>)} and an
 * {@code X-Keel-Plugin: <name>/<version>} header, and has the configured
 * timeout (PID {@code keel.http.client}: {@code connect.timeout.ms},
 * {@code read.timeout.ms}, {@code user.agent}) unless it sets its own. A call
 * made while serving a request of the kernel's HTTP entry carries that
 * request's {@code X-Request-Id}.
 *
 * <pre>
 * &#64;Reference KeelHttpClient http;
 * HttpResponse&lt;String&gt; r = http.send(http.newRequest(uri).GET().build(), BodyHandlers.ofString());
 * </pre>
 */
@ProviderType
public interface KeelHttpClient {

    /**
     * A request builder with the configured timeout and the kernel's headers
     * already applied; the caller adds the method, body and its own headers.
     *
     * @param uri the target
     * @return a new builder
     */
    HttpRequest.Builder newRequest(URI uri);

    /**
     * Sends a request and waits for the response. A request built elsewhere
     * gets the configured timeout and headers where it has none.
     *
     * @param <T> the body type
     * @param request the request
     * @param handler how to read the body
     * @return the response
     * @throws IOException on a network error; {@link java.net.http.HttpTimeoutException} on a timeout
     * @throws InterruptedException if the calling thread is interrupted
     */
    <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
            throws IOException, InterruptedException;

    /**
     * Sends a request without blocking; like {@link #send}.
     *
     * @param <T> the body type
     * @param request the request
     * @param handler how to read the body
     * @return the response, later
     */
    <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler);
}
