package armature.benchmarks.sensors;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * The least an MQTT 5 device does, as a microcontroller's firmware would: one TCP connection, a
 * CONNECT with user name and password, then QoS 0 PUBLISH packets written straight to the socket
 * (MQTT 5, OASIS standard, sections 3.1 and 3.3). No client library, no queue, no threads: what the
 * benchmark measures is the broker and the container, not a Java client's overhead on the same two
 * cores. Not thread-safe: one device, one thread.
 */
final class RawMqttPublisher implements AutoCloseable {
    private final Socket socket;
    private final OutputStream out;
    private final ByteArrayOutputStream packet = new ByteArrayOutputStream(512);

    RawMqttPublisher(String host, int port, String clientId, String user, char[] password)
            throws IOException {
        socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(host, port), 10_000);
        socket.setSoTimeout(10_000);
        out = socket.getOutputStream();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        string(body, "MQTT");
        body.write(5); // protocol version
        body.write(0xC2); // user name, password, clean start
        body.write(0);
        body.write(60); // keep alive 60 s
        body.write(0); // no properties
        string(body, clientId);
        string(body, user);
        string(body, new String(password));
        send(0x10, body.toByteArray());
        DataInputStream in = new DataInputStream(socket.getInputStream());
        int type = in.readUnsignedByte();
        int length = varint(in);
        byte[] ack = new byte[length];
        in.readFully(ack);
        if (type != 0x20 || length < 2 || ack[1] != 0) {
            throw new IOException(
                    "CONNECT of "
                            + user
                            + " refused: packet 0x"
                            + Integer.toHexString(type)
                            + ", reason code 0x"
                            + Integer.toHexString(length < 2 ? -1 : ack[1] & 0xff));
        }
    }

    /** One QoS 0 PUBLISH, written at once. */
    void publish(String topic, byte[] payload, boolean retained) throws IOException {
        packet.reset();
        string(packet, topic);
        packet.write(0); // no properties
        packet.write(payload);
        send(retained ? 0x31 : 0x30, packet.toByteArray());
    }

    private void send(int header, byte[] body) throws IOException {
        ByteArrayOutputStream p = new ByteArrayOutputStream(body.length + 5);
        p.write(header);
        int n = body.length;
        do {
            int b = n % 128;
            n /= 128;
            p.write(n > 0 ? b | 0x80 : b);
        } while (n > 0);
        p.write(body);
        out.write(p.toByteArray());
    }

    private static void string(ByteArrayOutputStream b, String s) {
        byte[] u = s.getBytes(StandardCharsets.UTF_8);
        b.write(u.length >> 8);
        b.write(u.length & 0xff);
        b.write(u, 0, u.length);
    }

    private static int varint(DataInputStream in) throws IOException {
        int value = 0;
        int shift = 0;
        int b;
        do {
            b = in.readUnsignedByte();
            value |= (b & 0x7f) << shift;
            shift += 7;
        } while ((b & 0x80) != 0);
        return value;
    }

    @Override
    public void close() throws IOException {
        send(0xE0, new byte[] {0, 0}); // DISCONNECT, normal, no properties
        socket.close();
    }
}
