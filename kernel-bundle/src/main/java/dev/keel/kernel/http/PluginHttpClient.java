package dev.keel.kernel.http;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;

import org.osgi.framework.Bundle;
import org.osgi.service.component.ComponentContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ServiceScope;

import dev.keel.api.PluginRuntime;
import dev.keel.api.PluginStatus;
import dev.keel.api.http.KeelHttpClient;

/**
 * The {@link KeelHttpClient} one bundle gets (bundle scope): requests carry the
 * configured timeout, {@code User-Agent: Keel/<version> (plugin <name>/<version>)}
 * and {@code X-Keel-Plugin}, naming the plugin the bundle registered (or the
 * bundle, when it registered none); calls made while serving an {@code /api}
 * request carry its {@code X-Request-Id}.
 */
@Component(service = KeelHttpClient.class, scope = ServiceScope.BUNDLE)
public final class PluginHttpClient implements KeelHttpClient {

    /** Header naming the calling plugin on outbound requests. */
    static final String PLUGIN_HEADER = "X-Keel-Plugin";

    private final OutboundHttp outbound;
    private final PluginRuntime runtime;
    private final RequestScope scope;
    private final Bundle caller;

    @Activate
    public PluginHttpClient(ComponentContext context, @Reference OutboundHttp outbound,
            @Reference PluginRuntime runtime, @Reference RequestScope scope) {
        this.outbound = outbound;
        this.runtime = runtime;
        this.scope = scope;
        this.caller = context.getUsingBundle();
    }

    @Override
    public HttpRequest.Builder newRequest(URI uri) {
        OutboundHttp.Settings s = outbound.settings();
        String who = caller();
        HttpRequest.Builder b = HttpRequest.newBuilder(uri).timeout(s.readTimeout())
                .header("User-Agent", userAgent(s.userAgent(), who))
                .header(PLUGIN_HEADER, who);
        String requestId = scope.current();
        if (requestId != null) {
            b.header(RequestIds.HEADER, requestId);
        }
        return b;
    }

    @Override
    public <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler)
            throws IOException, InterruptedException {
        OutboundHttp.Settings s = outbound.settings();
        return s.client().send(complete(request, s), handler);
    }

    @Override
    public <T> CompletableFuture<HttpResponse<T>> sendAsync(HttpRequest request, HttpResponse.BodyHandler<T> handler) {
        OutboundHttp.Settings s = outbound.settings();
        return s.client().sendAsync(complete(request, s), handler);
    }

    /** The request with the timeout and kernel headers it lacks. */
    HttpRequest complete(HttpRequest request, OutboundHttp.Settings s) {
        boolean hasTimeout = request.timeout().isPresent();
        boolean hasAgent = request.headers().firstValue("User-Agent").isPresent();
        boolean hasPlugin = request.headers().firstValue(PLUGIN_HEADER).isPresent();
        String requestId = request.headers().firstValue(RequestIds.HEADER).isPresent() ? null : scope.current();
        if (hasTimeout && hasAgent && hasPlugin && requestId == null) {
            return request;
        }
        String who = caller();
        HttpRequest.Builder b = HttpRequest.newBuilder(request, (name, value) -> true);
        if (!hasTimeout) {
            b.timeout(s.readTimeout());
        }
        if (!hasAgent) {
            b.header("User-Agent", userAgent(s.userAgent(), who));
        }
        if (!hasPlugin) {
            b.header(PLUGIN_HEADER, who);
        }
        if (requestId != null) {
            b.header(RequestIds.HEADER, requestId);
        }
        return b.build();
    }

    static String userAgent(String agent, String who) {
        return agent + " (" + (who.startsWith("bundle ") ? who : "plugin " + who) + ")";
    }

    /** {@code name/version} of the caller's plugin, else {@code bundle <bsn>/<version>}. */
    private String caller() {
        long id = caller.getBundleId();
        for (PluginStatus p : runtime.plugins()) {
            if (p.bundleId() == id) {
                return p.name() + "/" + p.version();
            }
        }
        return "bundle " + caller.getSymbolicName() + "/" + caller.getVersion();
    }
}
