package io.emarsysdest.emarsys;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;

import java.util.List;

/**
 * A Core API reply. {@code replyCode} is null when the body was not the {@code replyCode/replyText/data} envelope
 * (e.g. an HTML error page from a proxy). Success needs BOTH a 2xx status and replyCode 0; even then items may have
 * failed (see {@link #itemErrors()}).
 */
public record EmarsysResponse(int httpStatus, Integer replyCode, String replyText, JsonNode data, RateLimitInfo rateLimit,
                              String body) {
    public EmarsysResponse {
        if (data == null) data = MissingNode.getInstance();
        if (rateLimit == null) rateLimit = RateLimitInfo.NONE;
    }

    public boolean isSuccess() {
        return httpStatus / 100 == 2 && replyCode != null && replyCode == 0;
    }

    /** {@code data.errors} in any of its shapes ({@code {}}, {@code []}, object of objects, array of objects). */
    public List<ItemError> itemErrors() {
        return Replies.errors(data.path("errors"));
    }

    /** "HTTP 400 replyCode 1000: Too many contacts". */
    public String describe() {
        String text = replyText != null ? replyText : body == null ? "" : body.length() > 200 ? body.substring(0, 200) + "…" : body;
        return "HTTP " + httpStatus + (replyCode != null ? " replyCode " + replyCode : "") + (text.isEmpty() ? "" : ": " + text);
    }
}
