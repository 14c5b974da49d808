package dev.keel.cluster.tls;

import org.apache.aries.rsa.spi.Endpoint;
import org.osgi.service.remoteserviceadmin.EndpointDescription;

/** One export of the TLS provider: its endpoint description and the server that serves it until closed. */
final class TlsEndpoint implements Endpoint {

    private final EndpointDescription description;
    private final TlsServer server;

    TlsEndpoint(EndpointDescription description, TlsServer server) {
        this.description = description;
        this.server = server;
    }

    @Override
    public EndpointDescription description() {
        return description;
    }

    @Override
    public void close() {
        server.close();
    }
}
