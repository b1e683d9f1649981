package io.emarsysdest.emarsys;

import java.io.IOException;

/** The token endpoint refused or failed. {@code httpStatus} 4xx means bad credentials (do not retry), 5xx transient. */
public class OAuthTokenException extends IOException {
    private final int httpStatus;

    public OAuthTokenException(int httpStatus, String message) {
        super(message);
        this.httpStatus = httpStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }
}
