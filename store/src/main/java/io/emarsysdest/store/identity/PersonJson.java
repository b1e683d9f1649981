package io.emarsysdest.store.identity;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;

/** How traits and their times are kept in the person row: JSON text, times as epoch milliseconds. */
final class PersonJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private PersonJson() {
    }

    static String traits(ObjectNode traits) {
        try {
            return JSON.writeValueAsString(traits);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode traits(String json) {
        if (json == null || json.isEmpty()) return JsonNodeFactory.instance.objectNode();
        try {
            JsonNode n = JSON.readTree(json);
            return n instanceof ObjectNode o ? o : JsonNodeFactory.instance.objectNode();
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String times(Map<String, Instant> times) {
        // written for most events of known persons: by hand when no name needs escaping, which gives Jackson's text
        StringBuilder b = new StringBuilder(times.size() * 32 + 2).append('{');
        for (Map.Entry<String, Instant> e : times.entrySet()) {
            if (!plain(e.getKey())) return timesByJackson(times);
            if (b.length() > 1) b.append(',');
            b.append('"').append(e.getKey()).append("\":").append(e.getValue().toEpochMilli());
        }
        return b.append('}').toString();
    }

    /** Printable ASCII without quote or backslash: written as is by Jackson. */
    private static boolean plain(String name) {
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c < 0x20 || c > 0x7e || c == '"' || c == '\\') return false;
        }
        return true;
    }

    static String timesByJackson(Map<String, Instant> times) {
        StringWriter w = new StringWriter(times.size() * 24 + 2);
        try (JsonGenerator g = JSON.getFactory().createGenerator(w)) {
            g.writeStartObject();
            for (Map.Entry<String, Instant> e : times.entrySet()) g.writeNumberField(e.getKey(), e.getValue().toEpochMilli());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }

    static Map<String, Instant> times(String json) {
        ObjectNode o = traits(json);
        Map<String, Instant> out = new HashMap<>(Math.max(4, o.size() * 2));
        for (Iterator<Map.Entry<String, JsonNode>> it = o.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out.put(e.getKey(), Instant.ofEpochMilli(e.getValue().asLong()));
        }
        return out;
    }
}
