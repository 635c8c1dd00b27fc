package fr.passerelle.iae.connectors.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

/**
 * Chooses the ports of one start: a preferred dev port when asked and free, otherwise a random free one. Shared by the
 * servers starting side by side.
 */
final class PortAllocator {

    private final boolean preferFixedPorts;
    private final Set<Integer> handedOut = new HashSet<>();

    PortAllocator(boolean preferFixedPorts) {
        this.preferFixedPorts = preferFixedPorts;
    }

    /** The preferred port if fixed ports are preferred and it is free on the loopback address, else a random free port. */
    synchronized int pick(int preferred) {
        if (preferFixedPorts && !handedOut.contains(preferred) && isFree(preferred)) {
            handedOut.add(preferred);
            return preferred;
        }
        return random();
    }

    /** The preferred port if fixed ports are preferred and it is free, else 0 (for servers that pick their own port). */
    synchronized int pickOrZero(int preferred) {
        if (preferFixedPorts && !handedOut.contains(preferred) && isFree(preferred)) {
            handedOut.add(preferred);
            return preferred;
        }
        return 0;
    }

    /** A random free port, distinct from the others handed out by this allocator. */
    synchronized int random() {
        for (int attempt = 0; attempt < 20; attempt++) {
            try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                int port = socket.getLocalPort();
                if (handedOut.add(port)) {
                    return port;
                }
            } catch (IOException e) {
                throw new UncheckedIOException("Could not find a free port", e);
            }
        }
        throw new IllegalStateException("Could not find a free port");
    }

    static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
