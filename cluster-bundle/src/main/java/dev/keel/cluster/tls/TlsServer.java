package dev.keel.cluster.tls;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.UndeclaredThrowableException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.function.Consumer;

import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * Serves one exported service: a TLS 1.3 server socket on the node's host only, one thread per connection (at most
 * {@link Limits#maxConnections}), each connection a sequence of request and response {@link Frames frames}. Only
 * the methods of the exported interfaces can be called, named by name and parameter types; arguments are read
 * through the {@link ContractFilter}. An exception whose classes may not cross nodes goes back as an
 * {@link IllegalStateException} naming it.
 */
final class TlsServer implements Closeable {

    /** Calls the exported service for a request. */
    interface Invoker {
        Object invoke(Method method, Object[] args, Wire.Identity identity) throws Throwable;
    }

    /** How much a server gives its peers. */
    record Limits(int maxFrameBytes, int maxConnections, int handshakeTimeoutMs, int idleTimeoutMs) {
    }

    private final SSLServerSocket server;
    private final Map<String, Method> methods = new HashMap<>();
    private final ClassLoader loader;
    private final Invoker invoker;
    private final Limits limits;
    private final Consumer<String> warn;
    private final Semaphore permits;
    private final Set<SSLSocket> open = ConcurrentHashMap.newKeySet();
    private final ExecutorService workers;
    private final Thread acceptor;
    private volatile boolean closed;

    TlsServer(NodeTls tls, String host, int port, Class<?>[] interfaces, Invoker invoker, Limits limits,
            Consumer<String> warn) throws IOException {
        for (Class<?> type : interfaces) {
            for (Method m : type.getMethods()) {
                methods.putIfAbsent(Wire.key(m), m);
            }
        }
        this.loader = interfaces[0].getClassLoader();
        this.invoker = invoker;
        this.limits = limits;
        this.warn = warn;
        this.permits = new Semaphore(limits.maxConnections());
        this.server = tls.listen(host, port);
        String name = "keel-tls-" + server.getLocalPort();
        this.workers = Executors.newCachedThreadPool(r -> daemon(r, name + "-call"));
        this.acceptor = daemon(this::accept, name + "-accept");
        acceptor.start();
    }

    int port() {
        return server.getLocalPort();
    }

    private void accept() {
        while (!closed) {
            SSLSocket s;
            try {
                s = (SSLSocket) server.accept();
            } catch (IOException e) {
                if (!closed) {
                    warn.accept("cluster TLS: accept on port " + port() + " failed: " + e);
                }
                continue;
            }
            if (!permits.tryAcquire()) {
                warn.accept("cluster TLS: refused a connection from " + s.getInetAddress().getHostAddress()
                        + " on port " + port() + ": " + limits.maxConnections() + " open already");
                quietly(s);
                continue;
            }
            open.add(s);
            try {
                workers.execute(() -> serve(s));
            } catch (RejectedExecutionException closing) {
                release(s);
            }
        }
    }

    private void serve(SSLSocket s) {
        String from = s.getInetAddress().getHostAddress();
        try {
            s.setSoTimeout(limits.handshakeTimeoutMs());
            s.startHandshake();
            s.setSoTimeout(limits.idleTimeoutMs());
            DataInputStream in = new DataInputStream(new BufferedInputStream(s.getInputStream()));
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(s.getOutputStream()));
            byte[] frame;
            while (!closed && (frame = Frames.read(in, limits.maxFrameBytes())) != null) {
                Frames.write(out, answer(frame, from));
            }
        } catch (SocketTimeoutException idle) {
            // idle for idle.timeout.ms, or a handshake never finished: closed, nothing to report
        } catch (IOException e) {
            if (!closed && !(e instanceof SocketException && s.isClosed())) {
                warn.accept("cluster TLS: connection from " + from + " to port " + port() + " ended: " + e);
            }
        } finally {
            release(s);
        }
    }

    private byte[] answer(byte[] frame, String from) throws IOException {
        Wire.Request request;
        try {
            request = Wire.readRequest(frame, loader);
        } catch (InvalidClassException | ClassNotFoundException e) {
            warn.accept("cluster TLS: refused a request from " + from + " on port " + port() + ": " + e);
            return Wire.thrown(new IllegalStateException("refused by the serving node: " + e.getMessage()));
        }
        Method method = methods.get(request.method());
        if (method == null) {
            return Wire.thrown(new UnsupportedOperationException("no method " + request.method()
                    + " on the exported service"));
        }
        Object value;
        try {
            value = invoker.invoke(method, request.args(), request.identity());
        } catch (Throwable t) {
            return Wire.thrown(crossable(unwrap(t)));
        }
        try {
            return Wire.value(value);
        } catch (IOException e) {
            return Wire.thrown(new IllegalStateException("the result of " + method.getName()
                    + " cannot cross nodes: " + e));
        }
    }

    private static Throwable unwrap(Throwable t) {
        while ((t instanceof InvocationTargetException || t instanceof UndeclaredThrowableException)
                && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static Throwable crossable(Throwable t) {
        return ContractFilter.allowedThrowable(t) ? t
                : new IllegalStateException("failed on the serving node: " + t.getClass().getName() + ": "
                        + t.getMessage());
    }

    private void release(SSLSocket s) {
        if (open.remove(s)) {
            permits.release();
        }
        quietly(s);
    }

    @Override
    public void close() {
        closed = true;
        quietly(server);
        open.forEach(TlsServer::quietly);
        workers.shutdownNow();
    }

    private static void quietly(Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // closing: nothing left to do with it
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
