package dev.keel.kernel.http;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;

/**
 * The request as a plugin servlet sees it: servlet path {@code /api/<plugin><route>},
 * path info below the route, the request id as {@code X-Request-Id} header,
 * and a body that stops at the size limit.
 */
final class ApiRequest extends HttpServletRequestWrapper {

    private final String servletPath;
    private final String pathInfo;
    private final String requestId;
    private final long maxBodyBytes;
    private LimitedInputStream body;
    private BufferedReader reader;

    ApiRequest(HttpServletRequest request, String servletPath, String pathInfo, String requestId, long maxBodyBytes) {
        super(request);
        this.servletPath = servletPath;
        this.pathInfo = pathInfo;
        this.requestId = requestId;
        this.maxBodyBytes = maxBodyBytes;
    }

    /** Whether the plugin read past the body size limit. */
    boolean bodyTooLarge() {
        return body != null && body.exceeded();
    }

    @Override
    public String getServletPath() {
        return servletPath;
    }

    @Override
    public String getPathInfo() {
        return pathInfo;
    }

    @Override
    public String getPathTranslated() {
        return null;
    }

    @Override
    public String getHeader(String name) {
        return RequestIds.HEADER.equalsIgnoreCase(name) ? requestId : super.getHeader(name);
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
        return RequestIds.HEADER.equalsIgnoreCase(name) ? Collections.enumeration(List.of(requestId))
                : super.getHeaders(name);
    }

    @Override
    public Enumeration<String> getHeaderNames() {
        List<String> names = new ArrayList<>();
        Enumeration<String> e = super.getHeaderNames();
        while (e != null && e.hasMoreElements()) {
            String n = e.nextElement();
            if (!RequestIds.HEADER.equalsIgnoreCase(n)) {
                names.add(n);
            }
        }
        names.add(RequestIds.HEADER);
        return Collections.enumeration(names);
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
        if (reader != null) {
            throw new IllegalStateException("getReader() was called already");
        }
        if (body == null) {
            body = new LimitedInputStream(super.getInputStream(), maxBodyBytes);
        }
        return body;
    }

    @Override
    public BufferedReader getReader() throws IOException {
        if (reader == null) {
            if (body != null) {
                throw new IllegalStateException("getInputStream() was called already");
            }
            String enc = getCharacterEncoding();
            Charset charset = enc == null ? StandardCharsets.UTF_8 : Charset.forName(enc);
            body = new LimitedInputStream(super.getInputStream(), maxBodyBytes);
            reader = new BufferedReader(new InputStreamReader(body, charset));
        }
        return reader;
    }
}
