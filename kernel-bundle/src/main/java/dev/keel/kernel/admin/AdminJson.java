package dev.keel.kernel.admin;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.keel.api.PluginStatus;
import dev.keel.api.security.Caller;
import dev.keel.kernel.deploy.Deployment;
import dev.keel.kernel.governance.Governor;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/** The JSON of {@code /admin}: bounded request bodies and their fields, the answers, problem+json. */
final class AdminJson {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BODY = 64 * 1024;

    private AdminJson() {
    }

    /** Whether the request declares a JSON body ({@code application/json}, parameters allowed). */
    static boolean declaresJson(HttpServletRequest req) {
        String type = req.getContentType();
        return type != null && type.split(";", 2)[0].strip().equalsIgnoreCase("application/json");
    }

    static JsonNode body(HttpServletRequest req) throws IOException {
        try (InputStream in = req.getInputStream()) {
            byte[] bytes = in.readNBytes(MAX_BODY + 1);
            if (bytes.length > MAX_BODY) {
                throw new IllegalArgumentException("the request body is larger than " + MAX_BODY + " bytes");
            }
            if (bytes.length == 0) {
                return JSON.createObjectNode();
            }
            JsonNode node = JSON.readTree(bytes);
            if (node == null || !node.isObject()) {
                throw new IllegalArgumentException("the request body must be a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("the request body is not JSON: " + e.getOriginalMessage());
        }
    }

    static String text(JsonNode body, String field, boolean required) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            if (required) {
                throw new IllegalArgumentException(field + " is required");
            }
            return null;
        }
        if (!v.isTextual() || v.asText().isBlank()) {
            throw new IllegalArgumentException(field + " must be a non-empty string");
        }
        return v.asText().trim();
    }

    static int weight(JsonNode body) {
        JsonNode v = body.get("weight");
        if (v == null || !v.canConvertToInt() || !v.isIntegralNumber()) {
            throw new IllegalArgumentException("weight is required: a whole percent from 0 to 100");
        }
        return v.asInt();
    }

    static boolean flag(JsonNode body, String field) {
        JsonNode v = body.get(field);
        if (v == null || v.isNull()) {
            return false;
        }
        if (!v.isBoolean()) {
            throw new IllegalArgumentException(field + " must be true or false");
        }
        return v.asBoolean();
    }

    /** {@code {"values": {"key": "value", ...}}}: strings, numbers and booleans, each as its text. */
    static Map<String, String> values(JsonNode body) {
        JsonNode values = body.get("values");
        if (values == null || !values.isObject() || values.isEmpty()) {
            throw new IllegalArgumentException("values is required: an object of keys and their new values");
        }
        Map<String, String> out = new LinkedHashMap<>();
        values.fields().forEachRemaining(e -> {
            if (!e.getValue().isValueNode() || e.getValue().isNull()) {
                throw new IllegalArgumentException("values." + e.getKey() + " must be a string, number or boolean");
            }
            out.put(e.getKey(), e.getValue().asText());
        });
        return out;
    }

    /** A deployment: what was done in words, the bundle and its plugins. */
    static Map<String, Object> deployment(Deployment d) {
        Map<String, Object> bundle = new LinkedHashMap<>();
        bundle.put("action", d.action().name());
        bundle.put("bundleId", d.bundleId());
        bundle.put("symbolicName", d.symbolicName());
        bundle.put("version", d.version());
        bundle.put("previousVersion", d.previousVersion());
        bundle.put("location", d.location());
        bundle.put("outcome", d.outcome().name());
        bundle.put("plugins", plugins(d.plugins()));
        return bundle;
    }

    static List<Map<String, Object>> plugins(List<PluginStatus> plugins) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (PluginStatus s : plugins) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", s.name());
            m.put("version", s.version());
            m.put("bundleId", s.bundleId());
            m.put("state", s.state().name());
            m.put("priority", s.priority());
            m.put("requires", s.requires());
            m.put("waitingFor", s.waitingFor());
            m.put("startedAt", s.startedAt() == null ? null : s.startedAt().toString());
            m.put("failure", s.failure());
            out.add(m);
        }
        return out;
    }

    static List<Map<String, Object>> breakers(List<Governor.BreakerView> breakers) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Governor.BreakerView b : breakers) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("plugin", b.plugin());
            m.put("version", b.version());
            m.put("state", b.state());
            m.put("failureRate", b.failureRate());
            m.put("calls", b.calls());
            m.put("failedCalls", b.failedCalls());
            m.put("notPermittedCalls", b.notPermittedCalls());
            m.put("lastTransition", b.lastTransition() == null ? null : b.lastTransition().toString());
            m.put("lastChange", b.lastChange());
            out.add(m);
        }
        return out;
    }

    /** Who a token names and the roles it has (with what they imply), for the web console. */
    static Map<String, Object> session(Caller caller) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("subject", caller.subject());
        m.put("roles", new TreeSet<>(caller.roles()));
        return m;
    }

    static void ok(HttpServletResponse resp, Object body) throws IOException {
        resp.setStatus(200);
        resp.setContentType("application/json");
        resp.getOutputStream().write(JSON.writeValueAsBytes(body));
    }

    static void problem(HttpServletResponse resp, int status, String title, String detail, HttpServletRequest req)
            throws IOException {
        dev.keel.kernel.security.AuthResponses.problem(req, resp, status, title, detail);
    }
}
