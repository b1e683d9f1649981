package io.emarsysdest.sandbox;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;

/** One Emarsys reply: HTTP status plus the {@code replyCode/replyText/data} envelope. */
record Reply(int status, int replyCode, String replyText, JsonNode data) {
    static final TextNode EMPTY = TextNode.valueOf("");

    static Reply ok(JsonNode data) {
        return new Reply(200, 0, "OK", data);
    }

    /** Errors carry {@code data: ""}, as Emarsys does. */
    static Reply error(int status, int replyCode, String text) {
        return new Reply(status, replyCode, text, EMPTY);
    }
}
