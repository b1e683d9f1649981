package io.emarsysdest.server.console;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * axe-core, the accessibility engine, for the browser tests: taken from the npm registry at test time with
 * {@code npm pack} into {@code target/axe-core/} (once; later runs reuse it), or from {@code EMD_TEST_AXE} (a path
 * to axe.min.js). Pinned, so a new axe release cannot turn the build red overnight.
 */
final class AxeCore {
    static final String VERSION = "4.14.1";
    private static String source;

    private AxeCore() {
    }

    static synchronized String source() {
        if (source == null) {
            try {
                source = Files.readString(file());
            } catch (IOException e) {
                throw new IllegalStateException("cannot read axe-core: " + e.getMessage(), e);
            }
        }
        return source;
    }

    private static Path file() throws IOException {
        String configured = System.getenv("EMD_TEST_AXE");
        if (configured != null && !configured.isBlank()) return Path.of(configured);
        Path dir = Path.of("target", "axe-core").toAbsolutePath();
        Path js = dir.resolve(Path.of("package", "axe.min.js"));
        if (Files.isRegularFile(js) && Files.readString(dir.resolve(Path.of("package", "package.json"))).contains("\"version\": \"" + VERSION + "\"")) return js;
        Files.createDirectories(dir);
        run(dir, "npm", "pack", "axe-core@" + VERSION, "--pack-destination", dir.toString());
        run(dir, "tar", "-xzf", "axe-core-" + VERSION + ".tgz", "-C", dir.toString());
        if (!Files.isRegularFile(js)) throw new IllegalStateException("npm pack axe-core@" + VERSION + " left no " + js);
        return js;
    }

    private static void run(Path dir, String... command) throws IOException {
        Process p;
        try {
            p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(dir.resolve("npm-pack.log").toFile()).start();
        } catch (IOException e) {
            throw new IllegalStateException("the accessibility checks need axe-core from the npm registry: '" + String.join(" ", command)
                    + "' could not run (is Node.js with npm installed?), or set EMD_TEST_AXE to an axe.min.js", e);
        }
        try {
            if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new IllegalStateException("'" + String.join(" ", command) + "' failed: " + Files.readString(dir.resolve("npm-pack.log")));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
