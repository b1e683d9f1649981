package io.emarsysdest.store;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The data folder holds e-mail addresses and traits, so it and every file in it are the owner's alone: folder 700,
 * files 600, whatever the umask. SQLite creates a database's {@code -wal} and {@code -shm} files with the permissions
 * of the database file, so creating that file (empty is a valid database) with 600 before SQLite opens it covers its
 * companions too. Where the file system has no POSIX permissions nothing is changed.
 */
public final class PrivateFiles {
    private static final Logger log = LoggerFactory.getLogger(PrivateFiles.class);
    public static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");
    public static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final String[] SQLITE_COMPANIONS = {"-wal", "-shm", "-journal"};

    private PrivateFiles() {
    }

    /** Creates the folder (700) when missing; an existing one open to group or others is tightened, with a log line. */
    public static void folder(Path dir) {
        try {
            if (Files.notExists(dir)) {
                Path parent = dir.toAbsolutePath().getParent();
                if (parent != null) Files.createDirectories(parent);
                try {
                    if (posix(parent)) Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(FOLDER));
                    else Files.createDirectory(dir);
                } catch (FileAlreadyExistsException raced) {
                    // created in between: tightened below like any existing folder
                }
            }
            tighten(dir, FOLDER);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data folder " + dir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Before SQLite opens {@code file}: creates it empty with 600 when missing, and tightens it and its existing
     * journal files when they are open to group or others (files of an older version, or copied in).
     */
    public static void sqliteFile(Path file) {
        try {
            if (!posix(file.toAbsolutePath().getParent())) return;
            if (Files.notExists(file)) {
                try {
                    Files.createFile(file, PosixFilePermissions.asFileAttribute(FILE));
                } catch (FileAlreadyExistsException raced) {
                    // another opener was first
                }
            }
            tighten(file, FILE);
            for (String suffix : SQLITE_COMPANIONS) {
                Path companion = file.resolveSibling(file.getFileName() + suffix);
                if (Files.exists(companion)) tighten(companion, FILE);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare " + file + ": " + e.getMessage(), e);
        }
    }

    /** Sets {@code path} to {@code allowed} (owner only) if it is open to group or others, with a log line. */
    public static void tighten(Path path, Set<PosixFilePermission> allowed) throws IOException {
        PosixFileAttributeView view = Files.getFileAttributeView(path, PosixFileAttributeView.class);
        if (view == null) return;
        Set<PosixFilePermission> now = view.readAttributes().permissions();
        if (allowed.containsAll(now)) return;
        view.setPermissions(allowed);
        log.warn("{} was {}: tightened to {}, since the data folder holds personal data", path,
                PosixFilePermissions.toString(now), PosixFilePermissions.toString(allowed));
    }

    /** The attributes that create a file with 600, or none where the file system has no POSIX permissions. */
    public static FileAttribute<?>[] fileAttributes(Path dir) {
        return posix(dir) ? new FileAttribute<?>[]{PosixFilePermissions.asFileAttribute(FILE)} : new FileAttribute<?>[0];
    }

    private static boolean posix(Path dir) {
        Path probe = dir == null ? Path.of("").toAbsolutePath() : dir;
        while (probe != null && Files.notExists(probe)) probe = probe.getParent();
        return probe != null && Files.getFileAttributeView(probe, PosixFileAttributeView.class) != null;
    }
}
