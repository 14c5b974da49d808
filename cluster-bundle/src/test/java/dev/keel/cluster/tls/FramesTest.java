package dev.keel.cluster.tls;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;

import org.junit.jupiter.api.Test;

class FramesTest {

    @Test
    void framesComeBackInOrderAndACleanCloseBetweenFramesIsNull() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        Frames.write(out, new byte[] {1, 2, 3});
        Frames.write(out, new byte[0]);
        Frames.write(out, new byte[] {9});
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes.toByteArray()));
        assertArrayEquals(new byte[] {1, 2, 3}, Frames.read(in, 16));
        assertArrayEquals(new byte[0], Frames.read(in, 16));
        assertArrayEquals(new byte[] {9}, Frames.read(in, 16));
        assertNull(Frames.read(in, 16));
    }

    @Test
    void aLengthOverTheLimitIsRefusedBeforeAnythingIsAllocated() {
        // announces 2 GB and sends nothing more: refused by its header alone
        byte[] header = ByteBuffer.allocate(4).putInt(Integer.MAX_VALUE).array();
        IOException e = assertThrows(Frames.FrameTooLarge.class,
                () -> Frames.read(new DataInputStream(new ByteArrayInputStream(header)), 1024));
        assertTrue(e.getMessage().contains("at most 1024"), e.getMessage());
    }

    @Test
    void aNegativeLengthIsRefused() {
        byte[] header = ByteBuffer.allocate(4).putInt(-1).array();
        assertThrows(Frames.FrameTooLarge.class,
                () -> Frames.read(new DataInputStream(new ByteArrayInputStream(header)), 1024));
    }

    @Test
    void aConnectionClosedInsideAFrameIsAnError() {
        byte[] cut = ByteBuffer.allocate(6).putInt(10).put((byte) 1).put((byte) 2).array();
        assertThrows(EOFException.class, () -> Frames.read(new DataInputStream(new ByteArrayInputStream(cut)), 64));
        byte[] cutHeader = {0, 0};
        assertThrows(EOFException.class,
                () -> Frames.read(new DataInputStream(new ByteArrayInputStream(cutHeader)), 64));
    }
}
