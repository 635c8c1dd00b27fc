package fr.passerelle.iae.routes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import org.awaitility.Awaitility;

/**
 * The packaged hub ({@code routes/target/passerelle-iae.jar}) as a child process with its embedded default, as a user
 * runs it: its own JVM and heap, its own PostgreSQL, Kafka and SFTP under a fresh data folder, its output in a file.
 * For tests that need what a test inside the hub's JVM cannot give (a bounded heap, a real kill).
 */
public final class ChildHub implements AutoCloseable {

    private final Process process;
    private final Path home;
    private final Path log;
    private final int port;

    private ChildHub(Process process, Path home, Path log, int port) {
        this.process = process;
        this.home = home;
        this.log = log;
        this.port = port;
    }

    /** Starts the jar with these JVM options and arguments (after the data folder and port), and waits until it serves. */
    public static ChildHub start(List<String> jvmOptions, List<String> arguments) throws IOException {
        Path jar = Path.of("target", "passerelle-iae.jar").toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: the child hub runs the packaged jar (mvn package first)");
        }
        Path home = Files.createTempDirectory(Path.of("target"), "child-hub-").toAbsolutePath();
        Path log = home.resolve("hub.log");
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        command.addAll(List.of("-Djava.io.tmpdir=" + home.resolve("tmp"), "-jar", jar.toString(),
                "--passerelle.home=" + home.resolve("var"), "--server.port=" + port));
        command.addAll(arguments);
        Files.createDirectories(home.resolve("tmp"));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        ChildHub hub = new ChildHub(process, home, log, port);
        try {
            Awaitility.await("the child hub serves").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        if (!process.isAlive()) {
                            throw new IllegalStateException("the child hub exited: " + hub.output());
                        }
                        return Files.isRegularFile(hub.var().resolve("demo-api-key")) && hub.status("/actuator/health/readiness") == 200;
                    });
        } catch (RuntimeException e) {
            hub.close();
            throw e;
        }
        return hub;
    }

    public int port() {
        return port;
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** Its data folder ({@code PASSERELLE_HOME}): drop boxes under {@code sftp/}. */
    public Path var() {
        return home.resolve("var");
    }

    public String apiKey() throws IOException {
        return Files.readString(var().resolve("demo-api-key")).strip();
    }

    /** Where its embedded servers listen ({@code endpoints.properties}). */
    public Properties endpoints() throws IOException {
        Properties endpoints = new Properties();
        try (var in = Files.newBufferedReader(var().resolve("endpoints.properties"))) {
            endpoints.load(in);
        }
        return endpoints;
    }

    public boolean alive() {
        return process.isAlive();
    }

    /** Everything it printed so far. */
    public String output() {
        try {
            return Files.readString(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The status of a GET; 0 while nothing listens. */
    private int status(String path) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri(path)).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Stops it as Ctrl-C would, then for good after 60 s. */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(30, java.util.concurrent.TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
