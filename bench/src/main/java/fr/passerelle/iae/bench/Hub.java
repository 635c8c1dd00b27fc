package fr.passerelle.iae.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * The packaged hub ({@code routes/target/passerelle-iae.jar}) run as a child process on its embedded default
 * (PostgreSQL, Kafka, SFTP started in-process), with a fresh {@code PASSERELLE_HOME} and a free port on 127.0.0.1.
 * {@link #close()} always stops it (and, should the hub have to be killed, the PostgreSQL server it started).
 */
final class Hub implements AutoCloseable {

    private static final Duration GRACEFUL_STOP = Duration.ofSeconds(90);

    private final Process process;
    private final Path home;
    private final Path log;
    private final int port;
    private final Thread shutdownHook;
    private volatile ProcessHandle postmaster;
    private volatile boolean deleteHome;
    private boolean stopped;
    private boolean paused;

    private Hub(Process process, Path home, Path log, int port) {
        this.process = process;
        this.home = home;
        this.log = log;
        this.port = port;
        this.shutdownHook = new Thread(this::stopQuietly, "bench-hub-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts the hub; the caller must {@link #close()} it (a shutdown hook does it too, e.g. on Ctrl-C). */
    static Hub start(Path jar, Path home, Path log, List<String> extraJvmArgs) throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("hub jar not found: " + jar
                    + " (build it first: ./mvnw -q -B -DskipTests package)");
        }
        Files.createDirectories(home);
        int port = freePort();
        List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        command.add("-Xmx1g");
        command.addAll(extraJvmArgs);
        command.add("-jar");
        command.add(jar.toString());
        command.add("--server.port=" + port);
        command.add("--server.address=127.0.0.1");
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("PASSERELLE_HOME", home.toString());
        return new Hub(builder.start(), home, log, port);
    }

    /** Deletes the home (the hub's data) once the hub has stopped, also when stopped by the shutdown hook. */
    void deleteHomeWhenStopped(boolean delete) {
        this.deleteHome = delete;
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    Path home() {
        return home;
    }

    Path log() {
        return log;
    }

    ProcessHandle process() {
        return process.toHandle();
    }

    /**
     * Waits until {@code GET /actuator/health/readiness} answers 200 and the hub has written its demo API key and
     * {@code endpoints.properties}; fails early if the hub exits.
     */
    void awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2))
                .build();
        HttpRequest readiness = HttpRequest.newBuilder(uri("/actuator/health/readiness"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the hub exited with code " + process.exitValue()
                        + " before being ready; see " + log + "\n" + tail(log, 30));
            }
            try {
                HttpResponse<Void> answer = client.send(readiness, HttpResponse.BodyHandlers.discarding());
                if (answer.statusCode() == 200 && Files.isRegularFile(home.resolve("demo-api-key"))
                        && Files.isRegularFile(home.resolve("endpoints.properties"))) {
                    postmaster = findPostmaster().orElse(null);
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the hub was not ready after " + timeout.toSeconds()
                        + " s; see " + log + "\n" + tail(log, 30));
            }
            Thread.sleep(500);
        }
    }

    String apiKey() throws IOException {
        return Files.readString(home.resolve("demo-api-key"), StandardCharsets.UTF_8).strip();
    }

    Properties endpoints() throws IOException {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(home.resolve("endpoints.properties"))) {
            properties.load(in);
        }
        return properties;
    }

    /** The hub's embedded PostgreSQL, as {@code endpoints.properties} gives it. */
    Database database() throws IOException {
        Properties endpoints = endpoints();
        return new Database(endpoints.getProperty("spring.datasource.url"), endpoints.getProperty("spring.datasource.username"),
                endpoints.getProperty("spring.datasource.password"));
    }

    record Database(String url, String user, String password) {

        Connection connect() throws SQLException {
            return DriverManager.getConnection(url, user, password);
        }
    }

    /** The hub's SFTP login directory on the local disk: the partners' drop boxes are its folders. */
    Path sftpRoot() throws IOException {
        return Path.of(endpoints().getProperty("passerelle.sftp.root"));
    }

    /** The embedded PostgreSQL server process (its postmaster; backends are its children), when found. */
    Optional<ProcessHandle> postgres() {
        return Optional.ofNullable(postmaster);
    }

    /**
     * Freezes the hub, its PostgreSQL and their children (SIGSTOP), so that a hub not being measured takes no CPU from
     * one that is; {@link #resume()} lets them go on where they were.
     */
    synchronized void pause() throws IOException, InterruptedException {
        signal("STOP");
        paused = true;
    }

    synchronized void resume() throws IOException, InterruptedException {
        signal("CONT");
        paused = false;
    }

    private void signal(String signal) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("kill", "-" + signal));
        Stream.concat(Stream.of(process.toHandle()), postgres().stream())
                .flatMap(root -> Stream.concat(Stream.of(root), root.descendants()))
                .forEach(target -> command.add(Long.toString(target.pid())));
        int exit = new ProcessBuilder(command).inheritIO().start().waitFor();
        if (exit != 0) {
            throw new IOException(String.join(" ", command) + " exited with " + exit);
        }
    }

    /** Stops the hub (SIGTERM, graceful), waits for it, and kills it only if it does not stop in time. */
    @Override
    public synchronized void close() {
        if (stopped) {
            return;
        }
        stopped = true;
        if (paused) {
            try {
                resume();
            } catch (IOException | InterruptedException e) {
                System.err.println("bench: could not resume the hub before stopping it: " + e);
            }
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // called from the hook itself
        }
        try {
            if (postmaster == null && process.isAlive()) {
                postmaster = findPostmaster().orElse(null);
            }
            process.destroy();
            if (!process.waitFor(GRACEFUL_STOP.toSeconds(), TimeUnit.SECONDS)) {
                System.err.println("bench: the hub did not stop within " + GRACEFUL_STOP.toSeconds() + " s; killing it");
                process.destroyForcibly();
                process.waitFor(20, TimeUnit.SECONDS);
            }
            // the hub stops its embedded PostgreSQL itself (the server is reparented to init, which reaps it a bit
            // later); if it is still there after a while (the hub was killed, or failed to stop it), stop it
            ProcessHandle postgres = postmaster;
            if (postgres != null && !exited(postgres, 15)) {
                System.err.println("bench: the hub left its PostgreSQL running (pid " + postgres.pid() + "); stopping it");
                postgres.destroy();
                if (!exited(postgres, 30)) {
                    postgres.destroyForcibly();
                }
            }
            if (deleteHome && !process.isAlive()) {
                deleteTree(home);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private static boolean exited(ProcessHandle process, int seconds) throws InterruptedException {
        try {
            process.onExit().get(seconds, TimeUnit.SECONDS);
            return true;
        } catch (TimeoutException e) {
            return !process.isAlive();
        } catch (ExecutionException e) {
            return !process.isAlive();
        }
    }

    private void stopQuietly() {
        try {
            close();
        } catch (RuntimeException e) {
            System.err.println("bench: while stopping the hub: " + e);
        }
    }

    /** The first line of the {@code postmaster.pid} file PostgreSQL keeps in its data directory, under the home. */
    private Optional<ProcessHandle> findPostmaster() {
        try (Stream<Path> files = Files.walk(home, 4)) {
            Optional<Path> pidFile = files.filter(p -> p.getFileName().toString().equals("postmaster.pid")).findFirst();
            if (pidFile.isEmpty()) {
                return Optional.empty();
            }
            String first = Files.readAllLines(pidFile.get(), StandardCharsets.US_ASCII).get(0).strip();
            return ProcessHandle.of(Long.parseLong(first));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }

    private static String javaExecutable() {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return Files.isExecutable(java) ? java.toString() : "java";
    }

    static String tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(cannot read " + file + ": " + e + ")";
        }
    }

    /** Deletes a directory tree (the bench's own PASSERELLE_HOME once the hub has stopped). */
    static void deleteTree(Path root) {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    // best effort
                }
            });
        } catch (IOException | UncheckedIOException e) {
            System.err.println("bench: could not delete " + root + ": " + e);
        }
    }
}
