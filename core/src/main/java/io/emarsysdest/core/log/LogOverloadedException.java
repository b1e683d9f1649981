package io.emarsysdest.core.log;

/** The log has too much waiting to be written; the caller should ask the client to retry (HTTP 429/503). */
public class LogOverloadedException extends RuntimeException {
    public LogOverloadedException(String message) {
        super(message);
    }
}
