package io.emarsysdest.store.sqlite;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/**
 * Copies a SQLite file's write-ahead log back into the file from a thread of its own, every {@code interval}.
 * Left to SQLite, the checkpoint runs inside whichever commit crosses the threshold: that commit then also writes and
 * fsyncs the main file, and for the event log that commit is a client's acknowledgement. The writers' own automatic
 * checkpoint stays as a safety net at a much larger WAL ({@link #WRITER_AUTOCHECKPOINT_PAGES}).
 */
public final class WalCheckpointer implements AutoCloseable {
    /** Pages of WAL after which a writer checkpoints itself anyway (400 MB at 4 KB pages): only if this thread is stuck. */
    public static final int WRITER_AUTOCHECKPOINT_PAGES = 100_000;
    private static final Logger log = LoggerFactory.getLogger(WalCheckpointer.class);

    private final Connection connection;
    private final Duration interval;
    private final Thread thread;
    private volatile boolean running = true;

    private WalCheckpointer(Path file, Duration interval) throws SQLException {
        this.connection = SqliteDataSources.connection(file);
        this.interval = interval;
        this.thread = Thread.ofPlatform().name("checkpoint-" + file.getFileName()).daemon(true).start(this::loop);
    }

    public static WalCheckpointer start(Path file, Duration interval) throws SQLException {
        return new WalCheckpointer(file, interval);
    }

    private void loop() {
        while (running) {
            try {
                Thread.sleep(interval);
                try (Statement s = connection.createStatement()) {
                    // PASSIVE: copies what it can without waiting for (or blocking) readers and writers.
                    s.execute("PRAGMA wal_checkpoint(PASSIVE)");
                }
            } catch (InterruptedException e) {
                return;
            } catch (SQLException e) {
                log.warn("checkpoint failed (the writers will checkpoint themselves): {}", e.getMessage());
            }
        }
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            connection.close();
        } catch (SQLException ignored) {
            // closing anyway
        }
    }
}
