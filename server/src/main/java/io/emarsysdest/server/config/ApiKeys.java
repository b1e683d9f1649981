package io.emarsysdest.server.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;

/** The destination's API key: configured, or generated once and kept in the data folder. */
public final class ApiKeys {
    public static final String FILE_NAME = "api-key";

    /** The key and whether it was generated just now (so the caller prints it). */
    public record Resolved(String key, boolean generated, Path file) {
    }

    private ApiKeys() {
    }

    public static Resolved resolve(String configured, Path dataDir) {
        if (configured != null) return new Resolved(configured, false, null);
        Path file = dataDir.resolve(FILE_NAME);
        try {
            if (Files.exists(file)) {
                io.emarsysdest.store.PrivateFiles.tighten(file, io.emarsysdest.store.PrivateFiles.FILE);
                String stored = Files.readString(file, StandardCharsets.UTF_8).trim();
                if (!stored.isEmpty()) return new Resolved(stored, false, file);
            }
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            String key = "emd_" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            Files.createFile(file, io.emarsysdest.store.PrivateFiles.fileAttributes(dataDir)); // 600 from the start
            Files.writeString(file, key + "\n", StandardCharsets.UTF_8);
            return new Resolved(key, true, file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or store the API key in " + file, e);
        }
    }
}
