package io.emarsysdest.server.schema;

import java.time.Instant;
import java.time.InstantSource;
import java.util.List;

/**
 * The Emarsys account's contact lists or external events, as last read, for the console's pickers: read on first
 * use and on {@link #refresh}; a failed read keeps what was there and says why ({@code lastError}).
 */
public final class AccountDirectory<T> {
    /** Reads the items from Emarsys. */
    @FunctionalInterface
    public interface Reader<T> {
        List<T> read() throws Exception;
    }

    /** What is known: the items (null before the first good read), when read, the last failure. */
    public record Snapshot<T>(List<T> items, Instant fetchedAt, Instant lastAttempt, String lastError) {
    }

    private final Reader<T> reader;
    private final InstantSource clock;
    private Snapshot<T> snapshot = new Snapshot<>(null, null, null, null);

    public AccountDirectory(Reader<T> reader, InstantSource clock) {
        this.reader = reader;
        this.clock = clock;
    }

    /** What was read last; reads once when nothing was read yet. */
    public synchronized Snapshot<T> get() {
        if (snapshot.items() == null) return refresh();
        return snapshot;
    }

    /** Reads from Emarsys now. */
    public synchronized Snapshot<T> refresh() {
        Instant now = clock.instant();
        try {
            snapshot = new Snapshot<>(List.copyOf(reader.read()), now, now, null);
        } catch (Exception e) {
            if (e instanceof InterruptedException) Thread.currentThread().interrupt();
            snapshot = new Snapshot<>(snapshot.items(), snapshot.fetchedAt(), now, String.valueOf(e.getMessage()));
        }
        return snapshot;
    }
}
