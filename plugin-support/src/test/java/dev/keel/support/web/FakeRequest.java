package dev.keel.support.web;

import java.io.ByteArrayInputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;

/** A request of a content type, a body and headers, for the reading rules' tests. */
final class FakeRequest {

    private FakeRequest() {
    }

    static HttpServletRequest json(String body) {
        return of("application/json", body.getBytes(StandardCharsets.UTF_8));
    }

    static HttpServletRequest of(String contentType, byte[] body) {
        return of(contentType, body, Map.of());
    }

    static HttpServletRequest of(String contentType, byte[] body, Map<String, String> headers) {
        return of(contentType, body, headers, null, null);
    }

    /** A request with that body and headers, for that path ({@code uri}), with those query parameters. */
    static HttpServletRequest of(String contentType, byte[] body, Map<String, String> headers, String uri,
            Map<String, String> params) {
        ByteArrayInputStream bytes = new ByteArrayInputStream(body);
        ServletInputStream in = new ServletInputStream() {
            @Override
            public int read() {
                return bytes.read();
            }

            @Override
            public boolean isFinished() {
                return bytes.available() == 0;
            }

            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setReadListener(ReadListener listener) {
                throw new UnsupportedOperationException();
            }
        };
        return (HttpServletRequest) Proxy.newProxyInstance(FakeRequest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getInputStream" -> in;
                    case "getContentType" -> contentType;
                    case "getHeader" -> headers.get((String) args[0]);
                    case "getRequestURI" -> uri;
                    case "getContextPath" -> "";
                    case "getParameter" -> params == null ? null : params.get((String) args[0]);
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }
}
