package io.emarsysdest.server.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpStatus;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.handler.ErrorHandler;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Jetty's own error answers (a request it cannot parse: bad Content-Length, URI too long (414), headers too large
 * (431); errors raised outside the routes) in the documented JSON shape instead of Jetty's HTML page.
 */
public final class JsonErrorHandler extends ErrorHandler {

    /** The stable code of an HTTP status in {@link ApiError#error()}. */
    public static String code(int status) {
        return switch (status) {
            case 400 -> "bad_request";
            case 401 -> "unauthorized";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 408 -> "request_timeout";
            case 413 -> "request_too_large";
            case 414 -> "uri_too_long";
            case 415 -> "unsupported_media_type";
            case 431 -> "headers_too_large";
            case 500 -> "internal_error";
            case 501 -> "not_implemented";
            case 503 -> "unavailable";
            case 505 -> "http_version_not_supported";
            default -> "http_" + status;
        };
    }

    /** A sentence for the status, with Jetty's reason when it has one ("Invalid Content-Length Value"). */
    static String message(int status, String reason) {
        String standard = switch (status) {
            case 400 -> "the request is not valid HTTP";
            case 413 -> "the request is larger than the service accepts";
            case 414 -> "the request URI is longer than the service accepts";
            case 431 -> "the request headers are larger than the service accepts";
            default -> {
                String name = HttpStatus.getMessage(status);
                yield name == null ? "HTTP status " + status : name;
            }
        };
        return reason == null || reason.isBlank() || reason.equals(HttpStatus.getMessage(status)) ? standard : standard + ": " + reason;
    }

    static byte[] body(int status, String reason) {
        try {
            return Json.MAPPER.writeValueAsBytes(ApiError.of(code(status), message(status, reason)));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Requests Jetty refuses while parsing them, before any handler runs. */
    @Override
    public ByteBuffer badMessageError(int status, String reason, HttpFields.Mutable fields) {
        fields.put(HttpHeader.CONTENT_TYPE, "application/json");
        return ByteBuffer.wrap(body(status, reason));
    }

    @Override
    public boolean errorPageForMethod(String method) {
        return true; // an error has a body whatever the method
    }

    @Override
    protected void generateAcceptableResponse(Request baseRequest, HttpServletRequest request, HttpServletResponse response, int code, String message)
            throws IOException {
        baseRequest.setHandled(true);
        byte[] body = body(code, message);
        response.setContentType("application/json");
        response.setCharacterEncoding(StandardCharsets.UTF_8.name());
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
