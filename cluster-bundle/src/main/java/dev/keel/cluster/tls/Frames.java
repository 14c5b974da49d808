package dev.keel.cluster.tls;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;

/**
 * The framing of a connection: each message is a 4-byte big-endian length and that many bytes. A length below zero
 * or over the limit ends the connection before anything is allocated for it, so a peer cannot make this node
 * reserve memory it did not send.
 */
final class Frames {

    private Frames() {
    }

    static void write(DataOutputStream out, byte[] payload) throws IOException {
        out.writeInt(payload.length);
        out.write(payload);
        out.flush();
    }

    /**
     * The next frame, or {@code null} when the peer closed the connection between frames.
     *
     * @throws IOException for a frame over {@code max} bytes, a negative length, or a connection closed mid-frame
     */
    static byte[] read(DataInputStream in, int max) throws IOException {
        int first = in.read();
        if (first < 0) {
            return null;
        }
        int length = (first << 24) | (in.readUnsignedByte() << 16) | (in.readUnsignedByte() << 8)
                | in.readUnsignedByte();
        if (length < 0 || length > max) {
            throw new FrameTooLarge(length, max);
        }
        byte[] payload = new byte[length];
        try {
            in.readFully(payload);
        } catch (EOFException e) {
            throw new EOFException("connection closed inside a frame of " + length + " bytes");
        }
        return payload;
    }

    /** A frame whose announced length is not acceptable. */
    static final class FrameTooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        FrameTooLarge(int length, int max) {
            super("frame of " + length + " bytes refused (at most " + max + ")");
        }
    }
}
