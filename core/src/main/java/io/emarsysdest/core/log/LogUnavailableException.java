package io.emarsysdest.core.log;

/** The log could not write; nothing of the failed append was stored and the client should retry (HTTP 503). */
public class LogUnavailableException extends RuntimeException {
    public LogUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
