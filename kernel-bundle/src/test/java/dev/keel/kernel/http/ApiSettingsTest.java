package dev.keel.kernel.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.annotation.Annotation;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.osgi.service.log.Logger;

class ApiSettingsTest {

    private final List<String> errors = new ArrayList<>();
    private final Logger log = (Logger) Proxy.newProxyInstance(Logger.class.getClassLoader(),
            new Class<?>[] {Logger.class}, (proxy, method, args) -> {
                if (method.getName().equals("error")) {
                    errors.add(java.util.Arrays.deepToString(args));
                }
                return null;
            });

    private static ApiServlet.Config config(long maxBody, int retryAfter, boolean accessLog) {
        return new ApiServlet.Config() {
            public Class<? extends Annotation> annotationType() {
                return ApiServlet.Config.class;
            }

            public long max_body_bytes() {
                return maxBody;
            }

            public int retry_after_s() {
                return retryAfter;
            }

            public boolean access_log() {
                return accessLog;
            }
        };
    }

    @Test
    void goodValuesAreTaken() {
        ApiServlet.Settings s = ApiServlet.Settings.of(config(1024, 0, false), ApiServlet.Settings.DEFAULT, log);
        assertEquals(new ApiServlet.Settings(1024, 0, false), s);
        assertEquals(List.of(), errors);
    }

    @Test
    void badValuesAreRejectedAndTheLastGoodOnesKept() {
        ApiServlet.Settings previous = new ApiServlet.Settings(2048, 7, true);
        ApiServlet.Settings s = ApiServlet.Settings.of(config(-1, -5, true), previous, log);
        assertEquals(previous, s);
        assertEquals(2, errors.size());
        assertEquals(true, errors.get(0).contains("max.body.bytes") && errors.get(0).contains("-1"), errors.get(0));
        assertEquals(true, errors.get(1).contains("retry.after.s") && errors.get(1).contains("-5"), errors.get(1));
    }
}
