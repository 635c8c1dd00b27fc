package fr.passerelle.iae.connectors.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

class PortAllocatorTest {

    @Test
    void prefersTheFixedPortWhenFreeAndFallsBackWhenTaken() throws Exception {
        int port;
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = taken.getLocalPort();
            PortAllocator allocator = new PortAllocator(true);
            int other = allocator.pick(port);
            assertThat(other).isNotEqualTo(port).isPositive();
            assertThat(allocator.pickOrZero(port)).isZero();
        }
        PortAllocator allocator = new PortAllocator(true);
        assertThat(allocator.pick(port)).isEqualTo(port);
        assertThat(allocator.pick(port)).as("a port is handed out once").isNotEqualTo(port);
    }

    @Test
    void randomPortsWhenFixedPortsAreNotPreferred() {
        PortAllocator allocator = new PortAllocator(false);
        int a = allocator.pick(15432);
        int b = allocator.pick(15432);
        assertThat(a).isNotEqualTo(b);
        assertThat(allocator.pickOrZero(12222)).isZero();
    }
}
