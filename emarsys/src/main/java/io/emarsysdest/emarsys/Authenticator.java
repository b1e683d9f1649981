package io.emarsysdest.emarsys;

import java.io.IOException;
import java.net.http.HttpRequest;

/** Adds credentials to each Core API request. */
public interface Authenticator {
    /** Adds the auth header(s); may fetch a token first. Called for every request, retries included. */
    void authenticate(HttpRequest.Builder request) throws IOException, InterruptedException;

    /**
     * Called after a 401. Returns true when fresh credentials may help, so the client retries once
     * (OAuth: the cached token is dropped). WSSE headers are fresh per request already, so a retry would not help.
     */
    boolean onUnauthorized();
}
