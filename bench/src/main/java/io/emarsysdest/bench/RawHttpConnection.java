package io.emarsysdest.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * One keep-alive HTTP/1.1 connection that POSTs and reads the answer's status, like wrk does: the load generator
 * shares the machine with the service, so it must spend as little CPU per request as it can
 * (java.net.http costs several times more per request).
 */
final class RawHttpConnection implements AutoCloseable {
    private final String host;
    private final int port;
    private Socket socket;
    private OutputStream out;
    private InputStream in;

    RawHttpConnection(URI base) {
        this.host = base.getHost();
        this.port = base.getPort() < 0 ? 80 : base.getPort();
    }

    /** Sends one request (reconnecting once if the kept-alive connection was closed) and returns the status code. */
    int post(String path, String extraHeaders, byte[] body) throws IOException {
        byte[] head = ("POST " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nContent-Length: " + body.length + "\r\n"
                + extraHeaders + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
        try {
            return exchange(head, body);
        } catch (IOException e) {
            close();
            return exchange(head, body);
        }
    }

    private int exchange(byte[] head, byte[] body) throws IOException {
        if (socket == null) connect();
        out.write(head);
        out.write(body);
        out.flush();
        String status = line();
        if (!status.startsWith("HTTP/1.")) throw new IOException("not an HTTP answer: " + status);
        int code = Integer.parseInt(status.substring(9, 12));
        long length = -1;
        boolean chunked = false, closing = false;
        for (String h; !(h = line()).isEmpty(); ) {
            int colon = h.indexOf(':');
            if (colon < 0) continue;
            String name = h.substring(0, colon).trim().toLowerCase();
            String value = h.substring(colon + 1).trim();
            if (name.equals("content-length")) length = Long.parseLong(value);
            else if (name.equals("transfer-encoding") && value.equalsIgnoreCase("chunked")) chunked = true;
            else if (name.equals("connection") && value.equalsIgnoreCase("close")) closing = true;
        }
        if (chunked) {
            for (long size; (size = Long.parseLong(line().split(";")[0].trim(), 16)) > 0; ) {
                skip(size);
                line();
            }
            while (!line().isEmpty()) {
                // trailers
            }
        } else if (length > 0) {
            skip(length);
        }
        if (closing) close();
        return code;
    }

    private void connect() throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(host, port), 5_000);
        socket.setSoTimeout(30_000);
        out = new BufferedOutputStream(socket.getOutputStream(), 64 * 1024);
        in = new BufferedInputStream(socket.getInputStream(), 16 * 1024);
    }

    private String line() throws IOException {
        StringBuilder b = new StringBuilder(64);
        for (int c; (c = in.read()) != '\n'; ) {
            if (c < 0) throw new EOFException("the connection closed");
            if (c != '\r') b.append((char) c);
        }
        return b.toString();
    }

    private void skip(long n) throws IOException {
        while (n > 0) {
            long s = in.skip(n);
            if (s <= 0) {
                if (in.read() < 0) throw new EOFException("the connection closed");
                s = 1;
            }
            n -= s;
        }
    }

    @Override
    public void close() {
        try {
            if (socket != null) socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        socket = null;
    }
}
