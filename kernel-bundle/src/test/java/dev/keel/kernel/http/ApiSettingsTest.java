package dev.keel.kernel.http;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.annotation.Annotation;

import org.junit.jupiter.api.Test;

/** Out of range values (max.body.bytes=-1, retry.after.s=-5): the Metatype's rule, see HandChecksMovedTest. */
class ApiSettingsTest {

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

            public long body_timeout_ms() {
                return 20_000;
            }

            public long body_min_rate() {
                return 512;
            }
        };
    }

    @Test
    void goodValuesAreTaken() {
        assertEquals(new ApiSettings(1024, 0, false), ApiServlet.settings(config(1024, 0, false)));
    }

    @Test
    void theBodyReaderReadsTheEntrysKeysWithTheSameDefaults() throws Exception {
        for (java.lang.reflect.Method m : BodyReader.Config.class.getDeclaredMethods()) {
            assertEquals(ApiServlet.Config.class.getMethod(m.getName()).getDefaultValue(), m.getDefaultValue(),
                    m.getName());
        }
    }
}
