package io.emarsysdest.server.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.UUID;

/**
 * This node's identity, the same across its restarts: generated on first start into {@code <dataDir>/node-id}.
 * Outbox claims carry it, so a node that crashed takes back its own claims when it starts again; a node with
 * another data folder (another machine sharing a PostgreSQL state) has another identity.
 */
public final class NodeId {
    static final String FILE = "node-id";

    private NodeId() {
    }

    public static String of(Path dataDir) {
        Path file = dataDir.resolve(FILE);
        try {
            if (Files.exists(file)) {
                String id = Files.readString(file).trim();
                if (!id.isEmpty()) return id;
            }
            String id = "node-" + UUID.randomUUID();
            Path tmp = Files.createTempFile(dataDir, FILE, ".tmp");
            try {
                Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system
            }
            Files.writeString(tmp, id + "\n");
            try {
                Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException e) {
                Files.deleteIfExists(tmp);
            }
            return Files.readString(file).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or create the node id " + file, e);
        }
    }
}
