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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;

import fr.passerelle.iae.connectors.francetravail.FranceTravailSimulator;
import fr.passerelle.iae.connectors.sirene.InseeSimulator;

/**
 * The packaged hub ({@code routes/target/passerelle-iae.jar}) as a child process, as ops run it (README "Operations":
 * from Spring Boot's extracted layout of the jar, which starts in two thirds of the fat jar's time): its own JVM and
 * heap, its own data folder, its output appended to one file across its runs. Either the embedded default (its own
 * PostgreSQL, Kafka and SFTP under a fresh data folder) or a second node: the {@code external} profile on the servers
 * of another child hub, with a data folder and a port of its own. For tests that need what a test inside the hub's JVM
 * cannot give (a bounded heap, a real {@code kill -9}, a second node).
 */
public final class ChildHub implements AutoCloseable {

    private final Path home;
    private final int port;
    private final List<String> command;
    private final Map<String, String> environment;
    /** The hub whose embedded servers this one runs on; itself for the embedded default. */
    private final ChildHub servers;
    private Process process;

    private ChildHub(Path home, int port, List<String> command, Map<String, String> environment, ChildHub servers) {
        this.home = home;
        this.port = port;
        this.command = command;
        this.environment = environment;
        this.servers = servers == null ? this : servers;
    }

    /** Starts the jar with these JVM options and arguments (after the data folder and port), and waits until it serves. */
    public static ChildHub start(List<String> jvmOptions, List<String> arguments) throws IOException {
        Path home = newHome();
        int port = freePort();
        ChildHub hub = new ChildHub(home, port, command(home, port, jvmOptions, arguments), Map.of(), null);
        hub.launch();
        return hub;
    }

    /**
     * Starts a second node: the {@code external} profile pointed at {@code first}'s PostgreSQL, Kafka and SFTP (read from
     * its {@code endpoints.properties}) and at its partner simulators, with the variables of README "Running on existing
     * services" only. ASP is given no host, user, key nor port of its own: they fall back to the drop boxes' server
     * (its folders are {@code asp/depot} and {@code asp/retrait} there).
     */
    public static ChildHub secondNode(ChildHub first, List<String> jvmOptions, List<String> arguments) throws IOException {
        Properties endpoints = first.endpoints();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("PASSERELLE_DB_URL", endpoints.getProperty("spring.datasource.url"));
        env.put("PASSERELLE_DB_USER", endpoints.getProperty("spring.datasource.username"));
        env.put("PASSERELLE_DB_PASSWORD", endpoints.getProperty("spring.datasource.password"));
        env.put("PASSERELLE_DB_OWNER_USER", endpoints.getProperty("spring.flyway.user"));
        env.put("PASSERELLE_DB_OWNER_PASSWORD", endpoints.getProperty("spring.flyway.password"));
        env.put("PASSERELLE_KAFKA_BROKERS", endpoints.getProperty("passerelle.kafka.brokers"));
        env.put("PASSERELLE_SFTP_HOST", endpoints.getProperty("passerelle.sftp.host"));
        env.put("PASSERELLE_SFTP_PORT", endpoints.getProperty("passerelle.sftp.port"));
        env.put("PASSERELLE_SFTP_USER", endpoints.getProperty("passerelle.sftp.user"));
        env.put("PASSERELLE_SFTP_PRIVATE_KEY", endpoints.getProperty("passerelle.sftp.private-key"));
        env.put("PASSERELLE_SFTP_KNOWN_HOSTS", endpoints.getProperty("passerelle.sftp.known-hosts"));
        env.put("PASSERELLE_ASP_SFTP_DEPOT", "asp/depot");
        env.put("PASSERELLE_ASP_SFTP_RETRAIT", "asp/retrait");
        // the same registry must compute the same ASP person ids and open the same fluxIAE archives on every node
        env.put("PASSERELLE_ASP_ID_SECRET", Files.readString(first.var().resolve("secrets/asp-id-secret")).strip());
        env.put("PASSERELLE_ASP_FLUXIAE_PASSWORD", Files.readString(first.var().resolve("secrets/fluxiae-password")).strip());
        // France Travail and INSEE: the first node's simulators, unless the arguments name the partners themselves
        putIfPresent(env, "PASSERELLE_FT_AUTH_URL", endpoints.getProperty("passerelle.francetravail.auth-url"));
        putIfPresent(env, "PASSERELLE_FT_API_URL", endpoints.getProperty("passerelle.francetravail.api-url"));
        env.put("PASSERELLE_FT_CLIENT_ID", FranceTravailSimulator.CLIENT_ID);
        env.put("PASSERELLE_FT_CLIENT_SECRET", FranceTravailSimulator.CLIENT_SECRET);
        putIfPresent(env, "PASSERELLE_INSEE_API_URL", endpoints.getProperty("passerelle.sirene.api-url"));
        env.put("PASSERELLE_INSEE_API_KEY", InseeSimulator.API_KEY);
        Path home = newHome();
        int port = freePort();
        env.put("PASSERELLE_HOME", home.resolve("var").toString());
        List<String> args = new ArrayList<>(arguments);
        args.add("--spring.profiles.active=external");
        // one evidence store for the hub: what a node sealed, the other opens (README "Two nodes on one machine")
        args.add("--passerelle.evidence.store=" + first.var().resolve("evidence/objects"));
        args.add("--passerelle.evidence.store-key=" + first.var().resolve("evidence/store.key"));
        ChildHub hub = new ChildHub(home, port, command(home, port, jvmOptions, args), env, first);
        hub.launch();
        return hub;
    }

    private static void putIfPresent(Map<String, String> env, String name, String value) {
        if (value != null) {
            env.put(name, value);
        }
    }

    private static Path newHome() throws IOException {
        Path jar = jar();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: the child hub runs the packaged jar (mvn package first)");
        }
        Path home = Files.createTempDirectory(Path.of("target"), "child-hub-").toAbsolutePath();
        Files.createDirectories(home.resolve("tmp"));
        return home;
    }

    private static Path jar() {
        return Path.of("target", "passerelle-iae.jar").toAbsolutePath();
    }

    /**
     * The launch jar of the hub's extracted layout ({@code target/hub-layout}), extracted again whenever the jar was
     * built again. The same classes as the fat jar: a crash suite restarts the hub a score of times, and each start
     * spent reading nested jars is time the build waits.
     */
    private static synchronized Path launchJar() throws IOException {
        Path jar = jar();
        Path layout = Path.of("target", "hub-layout").toAbsolutePath();
        Path launch = layout.resolve(jar.getFileName());
        Path source = layout.resolve("extracted-from");
        String built = Files.size(jar) + " " + Files.getLastModifiedTime(jar).toMillis();
        if (Files.isRegularFile(launch) && Files.isRegularFile(source) && Files.readString(source).equals(built)) {
            return launch;
        }
        if (Files.exists(layout)) {
            try (var old = Files.walk(layout)) {
                for (Path path : old.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
        Process extract = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djarmode=tools", "-jar", jar.toString(), "extract", "--destination", layout.toString())
                .redirectErrorStream(true).start();
        String said = new String(extract.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (extract.waitFor() != 0 || !Files.isRegularFile(launch)) {
                throw new IllegalStateException("could not extract " + jar + ": " + said);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        Files.writeString(source, built);
        return launch;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static List<String> command(Path home, int port, List<String> jvmOptions, List<String> arguments) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        // a temporary folder of its own: two nodes on one host share nothing but PostgreSQL, Kafka and SFTP
        command.addAll(List.of("-Djava.io.tmpdir=" + home.resolve("tmp"), "-jar", launchJar().toString(),
                "--passerelle.home=" + home.resolve("var"), "--server.port=" + port));
        command.addAll(arguments);
        return List.copyOf(command);
    }

    private void launch() throws IOException {
        launch(List.of());
    }

    private void launch(List<String> moreArguments) throws IOException {
        List<String> line = new ArrayList<>(command);
        line.addAll(moreArguments);
        ProcessBuilder builder = new ProcessBuilder(line).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()));
        builder.environment().putAll(environment);
        Process started = builder.start();
        process = started;
        try {
            Awaitility.await("the child hub serves").atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(500))
                    .until(() -> {
                        if (!started.isAlive()) {
                            throw new IllegalStateException("the child hub exited: " + output());
                        }
                        // the embedded default serves once its demo key is written; a second node uses the first's
                        return (servers != this || Files.isRegularFile(var().resolve("demo-api-key")))
                                && status("/actuator/health/readiness") == 200;
                    });
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /**
     * Kills it with SIGKILL ({@link Process#destroyForcibly()} on Linux), as {@code kill -9} or the OOM killer would:
     * no shutdown hook, no draining, servers left as they are. Returns its exit code once it is dead.
     */
    public int kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the child hub did not die within 60 s of SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return process.exitValue();
    }

    /** Starts it again on the same data folder and port (ARCHITECTURE "After a crash"), and waits until it serves. */
    public void restart() throws IOException {
        restart(List.of());
    }

    /**
     * Starts it again on the same data folder and port with these arguments after those it was first started with (a
     * failpoint for this run only, say), and waits until it serves. The next {@link #restart()} leaves them out again.
     */
    public void restart(List<String> moreArguments) throws IOException {
        if (process.isAlive()) {
            throw new IllegalStateException("the child hub still runs: kill or close it first");
        }
        launch(moreArguments);
    }

    public int port() {
        return port;
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** Its data folder ({@code PASSERELLE_HOME}): drop boxes under {@code sftp/} for the embedded default. */
    public Path var() {
        return home.resolve("var");
    }

    /** The demo API key of the embedded default it runs on (written at its every start). */
    public String apiKey() throws IOException {
        return Files.readString(servers.var().resolve("demo-api-key")).strip();
    }

    /**
     * Where the embedded servers it runs on listen ({@code endpoints.properties}, written at each start: read it again
     * after a restart, a port taken meanwhile makes it choose another).
     */
    public Properties endpoints() throws IOException {
        Properties endpoints = new Properties();
        try (var in = Files.newBufferedReader(servers.var().resolve("endpoints.properties"))) {
            endpoints.load(in);
        }
        return endpoints;
    }

    public boolean alive() {
        return process.isAlive();
    }

    private Path log() {
        return home.resolve("hub.log");
    }

    /** Everything it printed so far, over all its runs. */
    public String output() {
        try {
            return Files.readString(log(), StandardCharsets.UTF_8);
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

    /**
     * Stops it as Ctrl-C would, then for good after 60 s. A PostgreSQL left running by a kill that no restart followed
     * is stopped too: nothing of a test outlives it.
     */
    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        if (servers == this) {
            stopLeftPostgres();
        }
    }

    private void stopLeftPostgres() {
        Path pidFile = var().resolve("postgres/postmaster.pid");
        try {
            if (Files.isRegularFile(pidFile)) {
                long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).strip());
                ProcessHandle.of(pid).filter(p -> p.info().command().orElse("").endsWith("/postgres")).ifPresent(postmaster -> {
                    postmaster.destroy();
                    postmaster.onExit().orTimeout(30, TimeUnit.SECONDS).join();
                });
            }
        } catch (IOException | RuntimeException e) {
            System.err.println("could not stop the PostgreSQL left under " + var() + ": " + e);
        }
    }
}
