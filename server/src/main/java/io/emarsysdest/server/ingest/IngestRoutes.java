package io.emarsysdest.server.ingest;

import io.emarsysdest.core.event.EventType;
import io.emarsysdest.core.ingest.Endpoint;
import io.emarsysdest.core.ingest.IngestParser;
import io.emarsysdest.core.ingest.ParsedRequest;
import io.emarsysdest.core.ingest.Rejection;
import io.emarsysdest.core.log.AppendResult;
import io.emarsysdest.core.log.EventLog;
import io.emarsysdest.core.log.LogOverloadedException;
import io.emarsysdest.core.validation.Problem;
import io.emarsysdest.server.http.ApiError;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.zip.GZIPInputStream;
import java.util.zip.InflaterInputStream;
import java.util.zip.ZipException;

/**
 * Segment's HTTP Tracking API: {@code /v1/batch}, {@code /v1/import} and the six single calls.
 *
 * <p>Answers: 200 once every accepted event is in the durable log (a mixed batch stores its good items and lists
 * the rejected ones with their problems; rejected items are also kept for operators); 400 when nothing in the
 * request is usable, listing every problem; 401 for a missing or wrong key; 429 when the log is saturated and 503
 * when it cannot write (clients retry both).
 */
public final class IngestRoutes {
    private static final Logger log = LoggerFactory.getLogger(IngestRoutes.class);

    private final EventLog eventLog;
    private final IngestParser parser;
    private final Authenticator auth;
    private final InstantSource clock;
    private final int maxRequestBytes;
    private final IngestMetrics metrics;

    public IngestRoutes(EventLog eventLog, IngestParser parser, Authenticator auth, InstantSource clock, int maxRequestBytes, MeterRegistry registry) {
        this.eventLog = eventLog;
        this.parser = parser;
        this.auth = auth;
        this.clock = clock;
        this.maxRequestBytes = maxRequestBytes;
        this.metrics = new IngestMetrics(registry);
    }

    public void register(Javalin app) {
        app.post("/v1/batch", ctx -> handle(ctx, "batch", Endpoint.BATCH));
        app.post("/v1/import", ctx -> handle(ctx, "import", Endpoint.BATCH));
        for (EventType type : EventType.values()) {
            app.post("/v1/" + type.wireName(), ctx -> handle(ctx, type.wireName(), Endpoint.single(type)));
        }
    }

    private void handle(Context ctx, String name, Endpoint endpoint) {
        long start = System.nanoTime();
        try {
            respond(ctx, endpoint);
        } finally {
            metrics.request(name, ctx.statusCode());
            metrics.requestTimer.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        }
    }

    private void respond(Context ctx, Endpoint endpoint) {
        var receivedAt = clock.instant();
        String basicKey = Authenticator.basicKey(ctx.header("Authorization"));
        boolean headerOk = auth.matches(basicKey);

        byte[] body;
        try {
            body = readBody(ctx);
        } catch (BodyTooLarge e) {
            // Refused without reading it: the key in the body cannot be seen, so only a good Basic key earns a 413.
            if (!headerOk) {
                unauthorized(ctx, basicKey);
            } else {
                tooLarge(ctx, e.getMessage());
                metrics.rejected("request_too_large", 1);
            }
            // the rest of the body is not read; closing is the only way to stay in step with the client
            ctx.header("Connection", "close");
            return;
        } catch (ZipException e) {
            if (!headerOk) {
                unauthorized(ctx, basicKey);
                return;
            }
            bad(ctx, List.of(new Problem("", "invalid_encoding", "the body is not valid " + ctx.header("Content-Encoding") + " data: " + e.getMessage())));
            return;
        } catch (IOException e) {
            if (!headerOk) {
                unauthorized(ctx, basicKey);
                return;
            }
            ctx.status(400).json(ApiError.of("unreadable_body", "the request body could not be read: " + e.getMessage()));
            return;
        }

        ParsedRequest parsed = parser.parse(body, endpoint, receivedAt);
        if (!headerOk && !auth.anyMatches(parsed.writeKeys())) {
            unauthorized(ctx, basicKey != null ? basicKey : parsed.writeKeys().isEmpty() ? null : parsed.writeKeys().get(0));
            return;
        }
        int items = parsed.accepted().size() + parsed.rejected().size();
        metrics.received.increment(items);
        for (Rejection r : parsed.rejected()) metrics.rejected(r.reason(), 1);
        if (!parsed.rejected().isEmpty()) eventLog.recordRejections(parsed.rejected(), receivedAt);
        if (parsed.isBadRequest()) {
            for (Problem p : parsed.requestProblems()) metrics.rejected(p.code(), 1);
            bad(ctx, parsed.allProblems());
            return;
        }

        AppendResult stored;
        try {
            stored = eventLog.append(parsed.accepted()).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof LogOverloadedException) {
                ctx.header("Retry-After", "1").status(429).json(ApiError.of("overloaded", e.getCause().getMessage()));
            } else {
                log.warn("ingest could not store a request: {}", e.getCause().getMessage());
                ctx.header("Retry-After", "5").status(503).json(ApiError.of("store_unavailable", "events could not be stored; nothing of this request was kept, retry it"));
            }
            return;
        } catch (TimeoutException e) {
            // The write may still complete; a retry is safe because messageIds are de-duplicated.
            ctx.header("Retry-After", "5").status(503).json(ApiError.of("store_timeout", "storing took too long; retry the request (duplicates are ignored)"));
            return;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ctx.header("Retry-After", "5").status(503).json(ApiError.of("shutting_down", "the service is stopping; retry the request"));
            return;
        }
        metrics.accepted.increment(stored.appended());
        metrics.duplicates.increment(stored.duplicates());

        Map<String, Object> answer = new LinkedHashMap<>();
        answer.put("success", true);
        answer.put("accepted", stored.appended());
        answer.put("duplicates", stored.duplicates());
        if (!parsed.rejected().isEmpty()) {
            List<Map<String, Object>> rejected = new ArrayList<>();
            for (Rejection r : parsed.rejected()) rejected.add(Map.of("index", r.index(), "problems", r.problems()));
            answer.put("rejected", rejected);
        }
        ctx.status(200).json(answer);
    }

    private void unauthorized(Context ctx, String presented) {
        String message = presented == null
                ? "no API key: send it as the Basic auth user name (empty password) or as writeKey in the body"
                : "the API key is not valid for this destination";
        ctx.header("WWW-Authenticate", "Basic realm=\"emarsys-destination\"").status(401).json(ApiError.of("unauthorized", message));
    }

    private static void bad(Context ctx, List<Problem> problems) {
        String message = problems.size() == 1 ? problems.get(0).message() : problems.size() + " problems; see problems";
        ctx.status(400).json(ApiError.of("bad_request", message, problems));
    }

    /** 413: clients drop the batch as they do on 400, and the status says why. */
    private static void tooLarge(Context ctx, String message) {
        ctx.status(413).json(ApiError.of("request_too_large", message, List.of(new Problem("", "request_too_large", message))));
    }

    private static final class BodyTooLarge extends Exception {
        BodyTooLarge(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Reads the body, decompressing gzip or deflate, refusing more than the limit after decompression. A declared
     * length over the limit is refused before a byte is read (a long, since clients may declare 2^31 and more).
     */
    private byte[] readBody(Context ctx) throws IOException, BodyTooLarge {
        long declared = ctx.req().getContentLengthLong();
        String encoding = ctx.header("Content-Encoding");
        // compressed data is larger than what it holds by at most a header and 5 bytes per 64 KB (stored blocks)
        boolean compressed = encoding != null && !encoding.trim().equalsIgnoreCase("identity");
        long allowed = compressed ? maxRequestBytes + maxRequestBytes / 1000L + 64 : maxRequestBytes;
        if (declared > allowed) {
            throw new BodyTooLarge("the request body is " + declared + " bytes; the limit is " + maxRequestBytes + " bytes");
        }
        InputStream in = ctx.req().getInputStream();
        if (encoding != null) {
            encoding = encoding.trim().toLowerCase();
            if (encoding.equals("gzip") || encoding.equals("x-gzip")) in = new GZIPInputStream(in, 8192);
            else if (encoding.equals("deflate")) in = new InflaterInputStream(in);
            else if (!encoding.equals("identity")) throw new ZipException("unsupported Content-Encoding '" + encoding + "'; use gzip, deflate or none");
        }
        if (in == ctx.req().getInputStream() && declared >= 0) {
            // The usual case, a plain body of known length: read it straight into its array.
            byte[] body = in.readNBytes((int) declared);
            if (body.length < declared) throw new IOException("the body ended after " + body.length + " of " + declared + " bytes");
            return body;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.max(1024, Math.min(maxRequestBytes, declared)));
        byte[] buf = new byte[16 * 1024];
        int n;
        while ((n = in.read(buf)) > 0) {
            if (out.size() + n > maxRequestBytes) {
                throw new BodyTooLarge("the request body is larger than " + maxRequestBytes + " bytes" + (compressed ? " after decompression" : ""));
            }
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }
}
