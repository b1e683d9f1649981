package io.emarsysdest.server.config;

import io.emarsysdest.core.validation.Problem;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;

/**
 * The destination's two keys, each configured or generated once and kept in the data folder: the API key (the
 * ingest write key, which sits in every customer's web pages and apps) and the admin key for everything under
 * {@code /api}. They must differ, so the write key opens nothing under {@code /api}.
 */
public final class ApiKeys {
    public static final String FILE_NAME = "api-key";
    public static final String ADMIN_FILE_NAME = "admin-key";

    /** The key and whether it was generated just now (so the caller prints it). */
    public record Resolved(String key, boolean generated, Path file) {
        public String source() {
            return generated ? "generated" : file != null ? "stored file" : "configured";
        }
    }

    private ApiKeys() {
    }

    public static Resolved resolve(String configured, Path dataDir) {
        return resolve(configured, dataDir.resolve(FILE_NAME), "emd_", "API key");
    }

    /** The admin key: ADMIN_KEY, else {@code <dataDir>/admin-key} (generated on first start). */
    public static Resolved resolveAdmin(String configured, Path dataDir, String apiKey) {
        Resolved admin = resolve(configured, dataDir.resolve(ADMIN_FILE_NAME), "emdadmin_", "admin key");
        if (admin.key().equals(apiKey)) {
            throw new ConfigException(List.of(new Problem("server.adminKey", "same_as_api_key", "the admin key must differ from the API key: "
                    + "the API key is the write key in every customer's web pages and apps, so it must open nothing under /api"
                    + (admin.file() != null ? " (change or delete " + admin.file() + ")" : ""))));
        }
        return admin;
    }

    private static Resolved resolve(String configured, Path file, String prefix, String what) {
        if (configured != null) return new Resolved(configured, false, null);
        try {
            if (Files.exists(file)) {
                io.emarsysdest.store.PrivateFiles.tighten(file, io.emarsysdest.store.PrivateFiles.FILE);
                String stored = Files.readString(file, StandardCharsets.UTF_8).trim();
                if (!stored.isEmpty()) return new Resolved(stored, false, file);
            }
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            String key = prefix + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
            Files.createFile(file, io.emarsysdest.store.PrivateFiles.fileAttributes(file.getParent())); // 600 from the start
            Files.writeString(file, key + "\n", StandardCharsets.UTF_8);
            return new Resolved(key, true, file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or store the " + what + " in " + file, e);
        }
    }
}
