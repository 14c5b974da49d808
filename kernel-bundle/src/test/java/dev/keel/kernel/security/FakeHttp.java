package dev.keel.kernel.security;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import dev.keel.api.security.Caller;
import dev.keel.api.security.Roles;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** Servlet requests and responses for unit tests of the HTTP surfaces, and an {@link Authenticator} test double. */
public final class FakeHttp {

    private FakeHttp() {
    }

    /** A request being built: method, path, headers, body, connection. */
    public static final class Request {
        public String method = "GET";
        public String pathInfo = "/";
        public String servletPath = "";
        public String remoteAddr = "127.0.0.1";
        public String localAddr = "127.0.0.1";
        public int localPort = 8080;
        public String scheme = "http";
        public byte[] body = new byte[0];
        public final Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        public final Map<String, Object> attributes = new HashMap<>();

        public Request header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        public Request body(String contentType, String text) {
            headers.put("Content-Type", contentType);
            body = text.getBytes(StandardCharsets.UTF_8);
            return this;
        }

        public HttpServletRequest build() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            ServletInputStream stream = new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener l) {
                }
            };
            return (HttpServletRequest) Proxy.newProxyInstance(FakeHttp.class.getClassLoader(),
                    new Class<?>[] {HttpServletRequest.class}, (p, m, a) -> switch (m.getName()) {
                        case "getMethod" -> method;
                        case "getPathInfo" -> pathInfo;
                        case "getServletPath" -> servletPath;
                        case "getRequestURI" -> servletPath + pathInfo;
                        case "getRemoteAddr" -> remoteAddr;
                        case "getLocalAddr" -> localAddr;
                        case "getLocalPort" -> localPort;
                        case "getScheme" -> scheme;
                        case "getHeader" -> headers.get((String) a[0]);
                        case "getContentType" -> headers.get("Content-Type");
                        case "getContentLengthLong" -> (long) body.length;
                        case "getInputStream" -> stream;
                        case "getAttribute" -> attributes.get((String) a[0]);
                        case "setAttribute" -> attributes.put((String) a[0], a[1]);
                        case "hashCode" -> System.identityHashCode(p);
                        case "equals" -> p == a[0];
                        default -> null;
                    });
        }
    }

    /** A response that keeps what was answered. */
    public static final class Response {
        public int status = 200;
        public String contentType;
        public final Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        public final ByteArrayOutputStream body = new ByteArrayOutputStream();

        public String text() {
            return body.toString(StandardCharsets.UTF_8);
        }

        public HttpServletResponse build() {
            ServletOutputStream out = new ServletOutputStream() {
                @Override
                public void write(int b) {
                    body.write(b);
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setWriteListener(WriteListener l) {
                }
            };
            return (HttpServletResponse) Proxy.newProxyInstance(FakeHttp.class.getClassLoader(),
                    new Class<?>[] {HttpServletResponse.class}, (p, m, a) -> {
                        switch (m.getName()) {
                            case "setStatus" -> status = (Integer) a[0];
                            case "setContentType" -> contentType = (String) a[0];
                            case "setHeader" -> headers.put((String) a[0], (String) a[1]);
                            case "getOutputStream" -> {
                                return out;
                            }
                            case "isCommitted" -> {
                                return false;
                            }
                            case "hashCode" -> {
                                return System.identityHashCode(p);
                            }
                            case "equals" -> {
                                return p == a[0];
                            }
                            default -> {
                                return null;
                            }
                        }
                        return null;
                    });
        }
    }

    /**
     * An authenticator test double: {@code Bearer viewer}, {@code Bearer operator}, ... is a caller named after
     * the role with it (implied roles added); {@code Bearer bad} is not a valid token; no header: anonymous.
     */
    public static Authenticator authenticator() {
        return new Authenticator() {
            @Override
            public Caller authenticate(HttpServletRequest request) {
                String header = request.getHeader("Authorization");
                return header == null ? Caller.ANONYMOUS : authenticate(header);
            }

            @Override
            public Caller authenticate(String header) {
                return caller(header);
            }
        };
    }

    private static Caller caller(String header) {
        String token = header.startsWith("Bearer ") ? header.substring(7) : "";
        if (!Set.of(Roles.ADMIN, Roles.OPERATOR, Roles.VIEWER, Roles.TESTER, Roles.METRICS, Roles.CUSTOMER)
                .contains(token)) {
            throw new InvalidTokenException("malformed token");
        }
        return new Caller(token, Roles.implied(Set.of(token)), Map.of(), "keel");
    }
}
