package com.bazaar.postgres.connection;

import jdk.net.ExtendedSocketOptions;

import javax.net.SocketFactory;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketOption;
import java.util.Properties;

/**
 * The sockets of PostgreSQL connections, with TCP keepalive tuned per socket: the operating system's default waits two
 * hours before its first probe, which is useless against a database host that vanished (powered off, network cut:
 * no reset ever arrives, and a connection waiting for an answer would wait for good). Given a budget B
 * ({@value #PROPERTY}, seconds): the first probe after B/2 of silence, then three probes B/6 apart; unanswered, the
 * connection is closed and the waiting statement fails. The server's kernel answers probes even while a statement
 * runs for minutes, so only a host that is really gone is affected.
 *
 * <p>The driver instantiates this class by name ({@code socketFactory}) with its connection properties. Where the
 * platform cannot tune keepalive per socket, keepalive stays on with the operating system's timing.
 */
public final class KeepAliveSocketFactory extends SocketFactory {

    /** The driver property carrying the budget in seconds (set by {@link ConnectionSettings}). */
    public static final String PROPERTY = "bazaarKeepaliveSeconds";
    static final int PROBES = 3;

    private final int idle;
    private final int interval;

    public KeepAliveSocketFactory(Properties info) {
        this(Integer.parseInt(info.getProperty(PROPERTY, "30")));
    }

    KeepAliveSocketFactory(int budgetSeconds) {
        this.idle = Math.max(1, budgetSeconds / 2);
        this.interval = Math.max(1, (budgetSeconds - idle) / PROBES);
    }

    @Override
    public Socket createSocket() throws IOException {
        Socket socket = new Socket();
        socket.setKeepAlive(true);
        tune(socket, ExtendedSocketOptions.TCP_KEEPIDLE, idle);
        tune(socket, ExtendedSocketOptions.TCP_KEEPINTERVAL, interval);
        tune(socket, ExtendedSocketOptions.TCP_KEEPCOUNT, PROBES);
        return socket;
    }

    private static void tune(Socket socket, SocketOption<Integer> option, int value) throws IOException {
        if (socket.supportedOptions().contains(option)) {
            socket.setOption(option, value);
        }
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        Socket socket = createSocket();
        socket.bind(new InetSocketAddress(localHost, localPort));
        socket.connect(new InetSocketAddress(host, port));
        return socket;
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port));
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort)
            throws IOException {
        Socket socket = createSocket();
        socket.bind(new InetSocketAddress(localAddress, localPort));
        socket.connect(new InetSocketAddress(address, port));
        return socket;
    }

    private Socket connected(InetSocketAddress address) throws IOException {
        Socket socket = createSocket();
        try {
            socket.connect(address);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
        return socket;
    }
}
