package dev.keel.cluster.tls;

import java.io.EOFException;
import java.io.IOException;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.net.SocketTimeoutException;
import java.util.function.Supplier;

import org.osgi.framework.ServiceException;

/**
 * The imported side of an endpoint: each call of the proxy is one request on a pooled TLS connection to the node
 * that exports it, carrying the caller's identity; the answer is read through the {@link ContractFilter}. A call
 * that fails in transport (no connection, a refused handshake, a timeout, a broken or refused answer) throws a
 * {@link ServiceException} of type {@link ServiceException#REMOTE}; an exception the remote method threw is thrown
 * as it is.
 */
final class TlsClient implements InvocationHandler {

    private final Connections connections;
    private final ClassLoader loader;
    private final Supplier<Wire.Identity> identity;
    private final int maxFrameBytes;
    private final String endpoint;

    TlsClient(Connections connections, ClassLoader loader, Supplier<Wire.Identity> identity, int maxFrameBytes,
            String endpoint) {
        this.connections = connections;
        this.loader = loader;
        this.identity = identity;
        this.maxFrameBytes = maxFrameBytes;
        this.endpoint = endpoint;
    }

    @Override
    public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
        if (method.getDeclaringClass() == Object.class) {
            return switch (method.getName()) {
                case "equals" -> proxy == args[0];
                case "hashCode" -> System.identityHashCode(proxy);
                default -> "imported " + endpoint;
            };
        }
        Wire.Response response = call(method, args);
        if (response.thrown() != null) {
            throw response.thrown();
        }
        return response.value();
    }

    private Wire.Response call(Method method, Object[] args) {
        Connections.Connection c = null;
        try {
            byte[] request = Wire.request(Wire.key(method), identity.get(), args);
            c = connections.take();
            Frames.write(c.out, request);
            byte[] answer = Frames.read(c.in, maxFrameBytes);
            if (answer == null) {
                throw new EOFException("the serving node closed the connection");
            }
            Wire.Response response = Wire.readResponse(answer, loader);
            connections.give(c);
            c = null;
            return response;
        } catch (SocketTimeoutException e) {
            throw new ServiceException("timeout calling " + method.getName() + " at " + endpoint,
                    ServiceException.REMOTE, e);
        } catch (IOException | ClassNotFoundException | RuntimeException e) {
            throw new ServiceException("error calling " + method.getName() + " at " + endpoint + ": " + e,
                    ServiceException.REMOTE, e);
        } finally {
            if (c != null) {
                c.close();
            }
        }
    }
}
