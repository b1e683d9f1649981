package io.emarsysdest.store.eventlog;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Guards a SQLite file written without fsync (the log's index): SQLite in WAL mode survives a crash of the process
 * that way (the operating system still has every write), but not a crash of the machine. While the file is open a
 * marker next to it holds the machine's boot id; a marker from another boot at the next open means the machine went
 * down with the file open, so the file is deleted and rebuilt from the log. A clean close syncs the file first and
 * then removes the marker.
 */
final class UnsyncedFileGuard {
    private static final Logger log = LoggerFactory.getLogger(UnsyncedFileGuard.class);
    private static final Path BOOT_ID = Path.of("/proc/sys/kernel/random/boot_id");

    private final Path marker;

    private UnsyncedFileGuard(Path marker) {
        this.marker = marker;
    }

    /**
     * Before opening {@code file}: deletes it (and its WAL) when the machine may have lost writes to it, so it is
     * rebuilt; then marks it open for this boot (durably).
     */
    static UnsyncedFileGuard open(Path file) {
        Path marker = file.resolveSibling(file.getFileName() + ".open");
        String now = bootId();
        try {
            if (Files.exists(marker)) {
                String then = Files.readString(marker, StandardCharsets.UTF_8).trim();
                if (now == null || !now.equals(then)) {
                    log.warn("the machine stopped while {} was open (it is written without fsync): rebuilding it from the log", file.getFileName());
                    deleteWithJournal(file);
                }
            }
            write(marker, now == null ? "unknown" : now);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot mark " + file + " as open: " + e.getMessage(), e);
        }
        return new UnsyncedFileGuard(marker);
    }

    /** Deletes a SQLite file together with its WAL and shared-memory files, so it is made anew. */
    static void deleteWithJournal(Path file) throws IOException {
        for (String suffix : new String[]{"", "-wal", "-shm"}) Files.deleteIfExists(file.resolveSibling(file.getFileName() + suffix));
    }

    /** After the file was synced and closed cleanly. */
    void closed() {
        try {
            Files.deleteIfExists(marker);
        } catch (IOException e) {
            log.warn("cannot remove {}: the index will be rebuilt after the next reboot", marker, e);
        }
    }

    /** This boot of the machine (Linux); null where unknown, which makes every unclean stop a rebuild. */
    static String bootId() {
        try {
            return Files.isReadable(BOOT_ID) ? Files.readString(BOOT_ID, StandardCharsets.UTF_8).trim() : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static void write(Path marker, String text) throws IOException {
        try (FileChannel c = FileChannel.open(marker, java.util.Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING), io.emarsysdest.store.PrivateFiles.fileAttributes(marker.toAbsolutePath().getParent()))) {
            c.write(java.nio.ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
            c.force(true);
        }
        try (FileChannel dir = FileChannel.open(marker.getParent(), StandardOpenOption.READ)) {
            dir.force(true); // the marker's directory entry, so it survives the machine too
        } catch (IOException ignored) {
            // not every platform lets a directory be opened; the file itself is synced
        }
    }
}
