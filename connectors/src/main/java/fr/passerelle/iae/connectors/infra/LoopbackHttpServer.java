package fr.passerelle.iae.connectors.infra;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;

/**
 * The JDK's HTTP server on 127.0.0.1, as the partner simulators need it: its threads never keep the JVM alive,
 * and small answers are not held back by Nagle's algorithm.
 */
public final class LoopbackHttpServer implements AutoCloseable {

    private final HttpServer server;
    private final ExecutorService workers;

    private LoopbackHttpServer(HttpServer server, ExecutorService workers) {
        this.server = server;
        this.workers = workers;
    }

    /** Listens at {@code port} (0: a free port) with {@code threads} workers named {@code name}; no handler yet. */
    public static LoopbackHttpServer start(String name, int port, int threads) {
        // small answers written as headers then body: without TCP_NODELAY, Nagle + delayed ACK add ~40 ms per call
        if (System.getProperty("sun.net.httpserver.nodelay") == null) {
            System.setProperty("sun.net.httpserver.nodelay", "true");
        }
        ExecutorService workers = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        HttpServer[] created = new HttpServer[1];
        // the server's dispatcher thread takes the daemon flag of the thread that starts it
        Thread starter = new Thread(() -> {
            try {
                created[0] = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            created[0].setExecutor(workers);
            created[0].start();
        });
        starter.setDaemon(true);
        starter.start();
        try {
            starter.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        if (created[0] == null) {
            workers.shutdownNow();
            throw new IllegalStateException(name + " could not listen on port " + port);
        }
        return new LoopbackHttpServer(created[0], workers);
    }

    /** Every request goes to {@code handler}. */
    public void handleAll(HttpHandler handler) {
        server.createContext("/", handler);
    }

    public URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    @Override
    public void close() {
        server.stop(0);
        workers.shutdownNow();
    }
}
