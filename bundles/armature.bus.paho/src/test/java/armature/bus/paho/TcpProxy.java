package armature.bus.paho;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A loopback TCP forwarder whose connections a test can cut, to make a client lose its broker
 * without a DISCONNECT packet (which is what triggers a last will), which can stall: accept
 * connections and never answer, like a broker that hangs, and which can deafen its open
 * connections: pass every MQTT packet from the broker but PUBLISH, like a broker that still
 * acknowledges a client's publishes but stopped delivering to it.
 */
final class TcpProxy implements AutoCloseable {
    private final ServerSocket server;
    private final int targetPort;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final Thread acceptor;
    private volatile boolean stalled;
    private final List<AtomicBoolean> deafFlags = new CopyOnWriteArrayList<>();
    private final List<Socket> held = new CopyOnWriteArrayList<>();

    TcpProxy(int targetPort) throws IOException {
        this.targetPort = targetPort;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = new Thread(this::acceptLoop, "tcp-proxy-accept");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int openSockets() {
        return sockets.size();
    }

    int port() {
        return server.getLocalPort();
    }

    /**
     * While stalled, new connections are accepted and held open, and nothing is ever sent on them;
     * {@link #cutAll()} drops them.
     */
    void stall(boolean on) {
        stalled = on;
    }

    /**
     * Connects the connections held while stalled to the broker after all: what their clients sent
     * before giving up (a CONNECT) reaches it late, as from a broker working through a backlog.
     */
    void releaseStalled() throws IOException {
        for (Socket client : held) {
            Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
            sockets.add(upstream);
            pump(client, upstream);
            pump(upstream, client);
        }
        held.clear();
    }

    /** From now on the open connections get no PUBLISH packet from the broker; new ones do. */
    void deafenOpenConnections() {
        for (AtomicBoolean f : deafFlags) {
            f.set(true);
        }
    }

    /** Drops every open connection abruptly; new connections are still accepted. */
    void cutAll() {
        for (Socket s : sockets) {
            try {
                s.setSoLinger(true, 0);
                s.close();
            } catch (IOException ignored) {
                // already closed
            }
        }
        sockets.clear();
    }

    @Override
    public void close() throws IOException {
        server.close();
        cutAll();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket client = server.accept();
                if (stalled) {
                    sockets.add(client);
                    held.add(client);
                    continue;
                }
                Socket upstream = new Socket(InetAddress.getLoopbackAddress(), targetPort);
                sockets.add(client);
                sockets.add(upstream);
                pump(client, upstream);
                AtomicBoolean deaf = new AtomicBoolean();
                deafFlags.add(deaf);
                packets(upstream, client, deaf);
            } catch (IOException e) {
                return;
            }
        }
    }

    /** Forwards whole MQTT packets; while {@code deaf}, PUBLISH packets are dropped. */
    private static void packets(Socket from, Socket to, AtomicBoolean deaf) {
        Thread t =
                new Thread(
                        () -> {
                            try (DataInputStream in =
                                            new DataInputStream(
                                                    new BufferedInputStream(
                                                            from.getInputStream()));
                                    OutputStream out = to.getOutputStream()) {
                                while (true) {
                                    int first = in.read();
                                    if (first < 0) {
                                        break;
                                    }
                                    ByteArrayOutputStream packet = new ByteArrayOutputStream();
                                    packet.write(first);
                                    int length = 0;
                                    for (int shift = 0; ; shift += 7) {
                                        int b = in.readUnsignedByte();
                                        packet.write(b);
                                        length |= (b & 0x7F) << shift;
                                        if ((b & 0x80) == 0) {
                                            break;
                                        }
                                    }
                                    byte[] body = new byte[length];
                                    in.readFully(body);
                                    packet.write(body);
                                    boolean publish = (first >> 4) == 3;
                                    if (!(publish && deaf.get())) {
                                        out.write(packet.toByteArray());
                                        out.flush();
                                    }
                                }
                            } catch (IOException ignored) {
                                // connection cut
                            }
                            try {
                                to.close();
                            } catch (IOException ignored) {
                                // already closed
                            }
                        },
                        "tcp-proxy-packets");
        t.setDaemon(true);
        t.start();
    }

    private static void pump(Socket from, Socket to) {
        Thread t =
                new Thread(
                        () -> {
                            byte[] buf = new byte[8192];
                            try (InputStream in = from.getInputStream();
                                    OutputStream out = to.getOutputStream()) {
                                int n;
                                while ((n = in.read(buf)) >= 0) {
                                    out.write(buf, 0, n);
                                    out.flush();
                                }
                            } catch (IOException ignored) {
                                // connection cut
                            }
                            try {
                                to.close();
                            } catch (IOException ignored) {
                                // already closed
                            }
                        },
                        "tcp-proxy-pump");
        t.setDaemon(true);
        t.start();
    }
}
