package io.emarsysdest.emarsys;

/** A typed operation got a reply that is not success (non-2xx, or replyCode other than 0). */
public class EmarsysApiException extends RuntimeException {
    private final EmarsysResponse response;

    public EmarsysApiException(String endpoint, EmarsysResponse response) {
        super(endpoint + " failed: " + response.describe());
        this.response = response;
    }

    public EmarsysResponse response() {
        return response;
    }
}
