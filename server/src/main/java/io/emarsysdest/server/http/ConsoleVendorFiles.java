package io.emarsysdest.server.http;

import io.javalin.config.JavalinConfig;
import io.javalin.http.staticfiles.Location;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/**
 * The console's third-party files, served from their WebJars in the jar (no CDN, no build step): uPlot, the chart
 * library of the overview, at {@code /console/vendor/uplot/} ({@code dist/uPlot.esm.js}, {@code dist/uPlot.min.css}), whatever its version.
 */
public final class ConsoleVendorFiles {
    private ConsoleVendorFiles() {
    }

    public static void add(JavalinConfig cfg) {
        String version = webJarVersion("uplot");
        cfg.staticFiles.add(files -> {
            files.hostedPath = "/console/vendor/uplot";
            // the version folder: jars list it as an entry, not always its dist/ folder (Javalin needs the entry)
            files.directory = "/META-INF/resources/webjars/uplot/" + version;
            files.location = Location.CLASSPATH;
            files.headers = SecurityHeaders.ALL; // as the console's own files: nosniff and the CSP on the scripts too
        });
    }

    /** The version of an npm WebJar on the class path, from its Maven metadata. */
    static String webJarVersion(String name) {
        String path = "/META-INF/maven/org.webjars.npm/" + name + "/pom.properties";
        try (InputStream in = ConsoleVendorFiles.class.getResourceAsStream(path)) {
            if (in == null) throw new IllegalStateException("the WebJar " + name + " is missing from the class path (" + path + ")");
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }
}
