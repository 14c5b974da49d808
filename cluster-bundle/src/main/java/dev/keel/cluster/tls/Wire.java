package dev.keel.cluster.tls;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.StreamCorruptedException;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;

/**
 * The messages of a remote call, each one {@link Frames frame}: a request (protocol version, the method's key, the
 * caller's identity, the arguments) and a response (a value or an exception). Java serialization, read back only
 * through the {@link ContractFilter} and the class loader of the contract's bundle.
 */
final class Wire {

    static final int VERSION = 1;
    private static final byte VALUE = 0;
    private static final byte THROWN = 1;

    private Wire() {
    }

    /**
     * Who the call is made for, as the calling node authenticated them; {@code null} in a request for a call
     * without a caller.
     */
    record Identity(String subject, String issuer, List<String> roles, Map<String, Object> claims) {
        Identity {
            roles = List.copyOf(roles);
            claims = Map.copyOf(claims);
        }
    }

    record Request(String method, Identity identity, Object[] args) {
    }

    record Response(Object value, Throwable thrown) {
    }

    /** A method's name on the wire: its name and parameter types, e.g. {@code charge(java.lang.String,long)}. */
    static String key(Method m) {
        StringJoiner params = new StringJoiner(",", m.getName() + "(", ")");
        for (Class<?> p : m.getParameterTypes()) {
            params.add(p.getName());
        }
        return params.toString();
    }

    static byte[] request(String method, Identity identity, Object[] args) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeInt(VERSION);
            out.writeUTF(method);
            out.writeBoolean(identity != null);
            if (identity != null) {
                out.writeUTF(identity.subject());
                out.writeUTF(identity.issuer());
                out.writeObject(new ArrayList<>(identity.roles()));
                out.writeObject(new HashMap<>(identity.claims()));
            }
            out.writeObject(args == null ? new Object[0] : args);
        }
        return bytes.toByteArray();
    }

    @SuppressWarnings("unchecked")
    static Request readRequest(byte[] frame, ClassLoader loader) throws IOException, ClassNotFoundException {
        ContractFilter filter = new ContractFilter();
        try (ObjectInputStream in = input(frame, loader, filter)) {
            int version = in.readInt();
            if (version != VERSION) {
                throw new StreamCorruptedException("protocol version " + version + " (this node speaks " + VERSION
                        + ")");
            }
            String method = in.readUTF();
            Identity identity = null;
            if (in.readBoolean()) {
                String subject = in.readUTF();
                String issuer = in.readUTF();
                List<String> roles = strings(in.readObject());
                Object claims = in.readObject();
                if (!(claims instanceof Map<?, ?> m)) {
                    throw new StreamCorruptedException("claims are not a map");
                }
                identity = new Identity(subject, issuer, roles, (Map<String, Object>) m);
            }
            Object args = in.readObject();
            if (!(args instanceof Object[] a)) {
                throw new StreamCorruptedException("arguments are not an array");
            }
            return new Request(method, identity, a);
        } catch (InvalidClassException e) {
            throw named(e, filter);
        }
    }

    static byte[] value(Object value) throws IOException {
        return response(VALUE, value);
    }

    static byte[] thrown(Throwable t) throws IOException {
        return response(THROWN, t);
    }

    private static byte[] response(byte kind, Object o) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeByte(kind);
            out.writeObject(o);
        }
        return bytes.toByteArray();
    }

    static Response readResponse(byte[] frame, ClassLoader loader) throws IOException, ClassNotFoundException {
        ContractFilter filter = new ContractFilter();
        try (ObjectInputStream in = input(frame, loader, filter)) {
            byte kind = in.readByte();
            Object o = in.readObject();
            if (kind == THROWN) {
                if (!(o instanceof Throwable t)) {
                    throw new StreamCorruptedException("a failed call's answer is no exception");
                }
                return new Response(null, t);
            }
            return new Response(o, null);
        } catch (InvalidClassException e) {
            throw named(e, filter);
        }
    }

    /** The filter's refusal with the class it refused (the JDK's message says only "REJECTED"). */
    private static InvalidClassException named(InvalidClassException e, ContractFilter filter) {
        if (e.classname != null || filter.refused() == null) {
            return e;
        }
        InvalidClassException named = new InvalidClassException(filter.refused(), "not allowed across nodes");
        named.initCause(e);
        return named;
    }

    private static List<String> strings(Object o) throws StreamCorruptedException {
        if (!(o instanceof List<?> list) || !list.stream().allMatch(String.class::isInstance)) {
            throw new StreamCorruptedException("roles are not a list of strings");
        }
        @SuppressWarnings("unchecked")
        List<String> roles = (List<String>) list;
        return roles;
    }

    private static ObjectInputStream input(byte[] frame, ClassLoader loader, ContractFilter filter)
            throws IOException {
        ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(frame)) {
            @Override
            protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
                String name = desc.getName();
                if (!name.startsWith("[") && !ContractFilter.JDK_OR_API.test(name)) {
                    // refused by name before any class is even looked up
                    throw new InvalidClassException(name, "not allowed across nodes");
                }
                try {
                    return Class.forName(name, false, loader);
                } catch (ClassNotFoundException e) {
                    return super.resolveClass(desc);
                }
            }

            @Override
            protected Class<?> resolveProxyClass(String[] interfaces) throws InvalidClassException {
                throw new InvalidClassException("proxy", "not allowed across nodes");
            }
        };
        in.setObjectInputFilter(filter);
        return in;
    }
}
