package dev.keel.user.internal;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** One request to a servlet and what it answered, for the servlets' unit tests. */
final class Exchange {

    final Map<String, String> headers = new HashMap<>();
    final ByteArrayOutputStream body = new ByteArrayOutputStream();
    int status = 200;
    final HttpServletRequest request;
    final HttpServletResponse response;

    /** A JSON POST to {@code uri} from {@code address}, with the caller the kernel would set (null: none). */
    Exchange(String uri, String json, String address, Object caller) {
        ByteArrayInputStream in = new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8));
        ServletInputStream input = new ServletInputStream() {
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
                throw new UnsupportedOperationException();
            }
        };
        ServletOutputStream output = new ServletOutputStream() {
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
                throw new UnsupportedOperationException();
            }
        };
        request = (HttpServletRequest) Proxy.newProxyInstance(Exchange.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, m, args) -> switch (m.getName()) {
                    case "getInputStream" -> input;
                    case "getContentType" -> "application/json";
                    case "getRequestURI" -> uri;
                    case "getContextPath" -> "";
                    case "getRemoteAddr" -> address;
                    case "getMethod" -> "POST";
                    case "getHeader" -> null;
                    case "getAttribute" -> "keel.caller".equals(args[0]) ? caller : null;
                    default -> throw new UnsupportedOperationException(m.getName());
                });
        response = (HttpServletResponse) Proxy.newProxyInstance(Exchange.class.getClassLoader(),
                new Class<?>[] {HttpServletResponse.class}, (proxy, m, args) -> switch (m.getName()) {
                    case "getOutputStream" -> output;
                    case "setStatus" -> {
                        status = (Integer) args[0];
                        yield null;
                    }
                    case "setHeader" -> {
                        headers.put((String) args[0], (String) args[1]);
                        yield null;
                    }
                    case "setContentType" -> {
                        headers.put("Content-Type", (String) args[0]);
                        yield null;
                    }
                    case "setCharacterEncoding" -> null;
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    String text() {
        return body.toString(StandardCharsets.UTF_8);
    }
}
