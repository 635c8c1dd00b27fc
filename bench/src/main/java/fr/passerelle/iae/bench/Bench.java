package fr.passerelle.iae.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** What every benchmark needs: where the repository is, and how figures and notes are printed. */
final class Bench {

    private Bench() {
    }

    /** The repository root: {@code bench.repoRoot}, else the first directory upwards holding bench/ and routes/. */
    static Path repositoryRoot() {
        String explicit = System.getProperty("bench.repoRoot");
        if (explicit != null) {
            return Path.of(explicit).toAbsolutePath().normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("bench/pom.xml")) && Files.isDirectory(dir.resolve("routes"))) {
                return dir;
            }
        }
        throw new IllegalStateException("run from the repository (or set -Dbench.repoRoot=...)");
    }

    static List<String> splitArgs(String text) {
        List<String> args = new ArrayList<>();
        for (String arg : text.trim().split("\\s+")) {
            if (!arg.isEmpty()) {
                args.add(arg);
            }
        }
        return args;
    }

    static double seconds(long nanos) {
        return nanos / 1e9;
    }

    static String format(double value, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", value);
    }

    static void out(String line) {
        System.out.println(line);
        System.out.flush();
    }

    static void note(String line) {
        System.err.println("bench: " + line);
        System.err.flush();
    }
}
