package com.bazaar.cli;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy in front of a real PostgreSQL that loses the answer to one COMMIT: the server commits, and the client
 * sees its connection break instead of "COMMIT" - what a network cut, a failover or a terminated session at the wrong
 * moment does. It cuts the answer to the {@code cutAt}-th COMMIT of a transaction that staged rows (a COPY, or at least
 * {@value #STAGING_INSERTS} INSERTs: a chunk of an import job), on whichever connection that is, then passes everything.
 * The client must connect with {@code sslmode=disable}, so that the protocol can be read.
 */
final class CommitAnswerLosingProxy implements AutoCloseable {

    static final int STAGING_INSERTS = 100;

    private final ServerSocket listener;
    private final String host;
    private final int port;
    private final int cutAt;
    private final AtomicInteger stagingCommits = new AtomicInteger();
    private volatile boolean cut;

    CommitAnswerLosingProxy(String host, int port, int cutAt) throws IOException {
        this.host = host;
        this.port = port;
        this.cutAt = cutAt;
        this.listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    /** Whether the answer to a COMMIT was lost. */
    boolean cut() {
        return cut;
    }

    private void accept() {
        while (!listener.isClosed()) {
            try {
                Socket client = listener.accept();
                Socket server = new Socket(host, port);
                client.setTcpNoDelay(true); // one small message per round trip: Nagle would add 40 ms to each
                server.setTcpNoDelay(true);
                daemon(() -> pump(client, server), "proxy-up");
                daemon(() -> answers(server, client), "proxy-down");
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        t.start();
    }

    private static void pump(Socket from, Socket to) {
        try (from; to) {
            from.getInputStream().transferTo(to.getOutputStream());
        } catch (IOException ignored) {
            // one side closed
        }
    }

    /** Server to client, message by message (type, length, body), watching the CommandComplete tags. */
    private void answers(Socket server, Socket client) {
        try (server; client) {
            DataInputStream in = new DataInputStream(server.getInputStream());
            OutputStream out = client.getOutputStream();
            int staged = 0;
            while (true) {
                int type = in.read();
                if (type < 0) {
                    return;
                }
                int length = in.readInt();
                byte[] body = in.readNBytes(length - 4);
                if (type == 'C') {
                    String tag = new String(body, 0, Math.max(0, body.length - 1), StandardCharsets.US_ASCII);
                    if (tag.startsWith("COPY ")) {
                        staged += STAGING_INSERTS;
                    } else if (tag.startsWith("INSERT ")) {
                        staged++;
                    } else if (tag.equals("COMMIT") || tag.equals("ROLLBACK")) {
                        if (staged >= STAGING_INSERTS && tag.equals("COMMIT")
                                && stagingCommits.incrementAndGet() == cutAt) {
                            cut = true;
                            client.setSoLinger(true, 0); // a reset: the client's read fails at once
                            return; // committed on the server; the client never hears it
                        }
                        staged = 0;
                    }
                }
                byte[] message = new byte[1 + length];
                message[0] = (byte) type;
                message[1] = (byte) (length >>> 24);
                message[2] = (byte) (length >>> 16);
                message[3] = (byte) (length >>> 8);
                message[4] = (byte) length;
                System.arraycopy(body, 0, message, 5, body.length);
                out.write(message);
            }
        } catch (IOException ignored) {
            // one side closed
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
