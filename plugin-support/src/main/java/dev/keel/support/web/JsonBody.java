package dev.keel.support.web;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import dev.keel.api.http.FieldError;
import dev.keel.api.http.ProblemException;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Reads a request body as one JSON value, strictly, with one clear answer for
 * each way it can be wrong: a {@code Content-Type} other than
 * {@code application/json} (or {@code application/<x>+json}) in UTF-8 is a
 * 415; bytes that are not UTF-8, malformed JSON, a key given twice in one
 * object, or anything but white space after the value are a 400 naming
 * {@code body} and saying which of these it is.
 */
public final class JsonBody {

    /** The media type business routes consume. */
    public static final String MEDIA_TYPE = "application/json";

    private JsonBody() {
    }

    /** The body's JSON value, or {@code null} for an empty body. */
    public static JsonNode read(HttpServletRequest req, ObjectMapper json) throws IOException {
        checkContentType(req.getContentType());
        byte[] bytes = req.getInputStream().readAllBytes();
        checkUtf8(bytes);
        try (JsonParser parser = json.getFactory().createParser(bytes)) {
            parser.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
            JsonNode node;
            try {
                node = json.readTree(parser);
            } catch (JsonProcessingException e) {
                String m = e.getOriginalMessage();
                throw bad(m != null && m.startsWith("Duplicate field")
                        ? "has a key given twice in one object: " + m.substring("Duplicate field ".length())
                                + where(e.getLocation())
                        : "is malformed JSON: " + m + where(e.getLocation()));
            }
            JsonToken next;
            try {
                next = parser.nextToken();
            } catch (JsonProcessingException e) {
                next = JsonToken.NOT_AVAILABLE;
            }
            if (next != null) {
                throw bad("has content after the JSON value" + where(parser.currentLocation())
                        + "; send exactly one JSON object");
            }
            return node;
        }
    }

    /**
     * A 415 for anything but {@code application/json} or
     * {@code application/<x>+json}, and for a {@code charset} other than UTF-8.
     */
    static void checkContentType(String contentType) {
        String[] parts = contentType == null ? new String[] {""} : contentType.split(";", -1);
        String media = parts[0].trim().toLowerCase(Locale.ROOT);
        boolean json = media.equals(MEDIA_TYPE) || (media.startsWith("application/") && media.endsWith("+json"));
        boolean utf8 = true;
        for (int i = 1; i < parts.length; i++) {
            String[] param = parts[i].split("=", 2);
            if (param[0].trim().equalsIgnoreCase("charset")) {
                String charset = param.length < 2 ? "" : param[1].trim().replace("\"", "");
                utf8 = charset.equalsIgnoreCase("utf-8") || charset.equalsIgnoreCase("utf8");
            }
        }
        if (!json || !utf8) {
            String sent = contentType == null ? "no Content-Type" : "Content-Type " + contentType;
            throw new ProblemException(415, "Unsupported Media Type", sent + " is not accepted here; send "
                    + MEDIA_TYPE + " in UTF-8", List.of(new FieldError("Content-Type", "must be " + MEDIA_TYPE
                            + (json ? " in UTF-8 (no other charset)" : ""))));
        }
    }

    /** A 400 naming the first byte that is not part of well-formed UTF-8. */
    static void checkUtf8(byte[] bytes) {
        CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        try {
            utf8.decode(in);
        } catch (CharacterCodingException e) {
            throw bad("is not valid UTF-8 (at byte " + in.position() + ")");
        }
    }

    private static String where(JsonLocation at) {
        return at == null || at.getLineNr() < 0 ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
    }

    private static ProblemException bad(String message) {
        return JsonRequest.invalid(List.of(new FieldError("body", message)));
    }
}
