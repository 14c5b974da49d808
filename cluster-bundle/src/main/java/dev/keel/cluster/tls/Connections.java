package dev.keel.cluster.tls;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;

import javax.net.ssl.SSLSocket;

/**
 * The TLS connections of one imported endpoint: a call takes an idle one or opens one (a TLS handshake), and gives
 * it back after a complete answer. A connection that failed in any way is closed, never reused. Idle connections are
 * kept at most {@link #MAX_IDLE} at a time and for {@link #IDLE_MS} (well under the server's idle timeout, so a
 * reused connection was not closed by the server meanwhile).
 */
final class Connections implements Closeable {

    static final int MAX_IDLE = 8;
    static final long IDLE_MS = 20_000;
    static final int CONNECT_TIMEOUT_MS = 5_000;

    private final NodeTls tls;
    private final String host;
    private final int port;
    private final int readTimeoutMs;
    private final Deque<Connection> idle = new ArrayDeque<>();
    private boolean closed;

    Connections(NodeTls tls, String host, int port, int readTimeoutMs) {
        this.tls = tls;
        this.host = host;
        this.port = port;
        this.readTimeoutMs = readTimeoutMs;
    }

    /** One connection of the pool, used by one call at a time. */
    static final class Connection implements Closeable {
        final SSLSocket socket;
        final DataInputStream in;
        final DataOutputStream out;
        long idleSince;

        Connection(SSLSocket socket) throws IOException {
            this.socket = socket;
            this.in = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
            this.out = new DataOutputStream(new BufferedOutputStream(socket.getOutputStream()));
        }

        @Override
        public void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // it failed already
            }
        }
    }

    String address() {
        return host + ":" + port;
    }

    Connection take() throws IOException {
        long now = System.currentTimeMillis();
        synchronized (this) {
            if (closed) {
                throw new IOException("the import of " + address() + " is closed");
            }
            Connection c;
            while ((c = idle.pollFirst()) != null) {
                if (now - c.idleSince < IDLE_MS) {
                    return c;
                }
                c.close();
            }
        }
        return new Connection(tls.connect(host, port, CONNECT_TIMEOUT_MS, readTimeoutMs));
    }

    void give(Connection c) {
        c.idleSince = System.currentTimeMillis();
        synchronized (this) {
            if (!closed && idle.size() < MAX_IDLE) {
                idle.addFirst(c);
                return;
            }
        }
        c.close();
    }

    /** Closes the connections idle for too long; returns how many are left idle. */
    synchronized int sweep(long now) {
        idle.removeIf(c -> {
            if (now - c.idleSince >= IDLE_MS) {
                c.close();
                return true;
            }
            return false;
        });
        return idle.size();
    }

    @Override
    public synchronized void close() {
        closed = true;
        idle.forEach(Connection::close);
        idle.clear();
    }
}
