package io.emarsysdest.core.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectWriter;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/** Byte sizes of compact UTF-8 JSON, computed without building the text. */
final class JsonSize {
    private static final ObjectWriter WRITER = new ObjectMapper().writer();

    private JsonSize() {
    }

    /** Size of the node written as compact JSON; 4 ("null") for null. */
    static long of(JsonNode node) {
        if (node == null) return 4;
        Counter counter = new Counter();
        try {
            WRITER.writeValue(counter, node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return counter.count;
    }

    /** Size of the string as a JSON string literal, quotes and escapes included. */
    static long ofString(String s) {
        long n = 2;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') n += 2;
            else if (c < 0x20) n += (c == '\n' || c == '\r' || c == '\t' || c == '\b' || c == '\f') ? 2 : 6;
            else if (c < 0x80) n += 1;
            else if (c < 0x800) n += 2;
            else if (Character.isSurrogate(c)) n += 2; // a pair makes 4 bytes
            else n += 3;
        }
        return n;
    }

    private static final class Counter extends OutputStream {
        long count;

        @Override
        public void write(int b) {
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) {
            count += len;
        }
    }
}
