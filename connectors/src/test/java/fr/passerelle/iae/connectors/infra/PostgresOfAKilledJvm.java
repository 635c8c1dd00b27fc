package fr.passerelle.iae.connectors.infra;

import java.nio.file.Path;

/**
 * A JVM that starts PostgreSQL on a data folder, prints its port and waits to be killed: what a hub killed with
 * {@code kill -9} leaves behind.
 */
public final class PostgresOfAKilledJvm {

    private PostgresOfAKilledJvm() {
    }

    public static void main(String[] args) throws Exception {
        EmbeddedPostgresServer server = EmbeddedPostgresServer.start(Path.of(args[0]), Path.of(args[1]),
                () -> new PortAllocator(false).random());
        System.out.println("port=" + server.port());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
