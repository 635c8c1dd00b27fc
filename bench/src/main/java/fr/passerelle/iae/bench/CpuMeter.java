package fr.passerelle.iae.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * Where the CPU went during a measurement: the hub JVM, its embedded PostgreSQL (postmaster and backends), the bench
 * JVM itself, and the whole machine (Linux {@code /proc/stat}; left out elsewhere). Diagnostic only.
 */
final class CpuMeter {

    record Sample(long wallNanos, long hubNanos, long postgresNanos, long benchNanos, long machineBusy, long machineTotal) {
    }

    private final Hub hub;

    CpuMeter(Hub hub) {
        this.hub = hub;
    }

    Sample sample() {
        long hubCpu = cpu(hub.process());
        long postgresCpu = hub.postgres()
                .map(postmaster -> cpu(postmaster) + postmaster.descendants().mapToLong(CpuMeter::cpu).sum())
                .orElse(-1L);
        long benchCpu = cpu(ProcessHandle.current());
        long[] machine = machine();
        return new Sample(System.nanoTime(), hubCpu, postgresCpu, benchCpu, machine[0], machine[1]);
    }

    /** e.g. {@code hub 120% postgres 45% bench 25% machine 195% of 200%} (100% = one core busy all along). */
    static String describe(Sample from, Sample to) {
        double wall = to.wallNanos() - from.wallNanos();
        int cores = Runtime.getRuntime().availableProcessors();
        StringBuilder text = new StringBuilder();
        text.append("hub ").append(percent(to.hubNanos() - from.hubNanos(), wall));
        text.append(" postgres ").append(from.postgresNanos() < 0 || to.postgresNanos() < 0 ? "?"
                : percent(to.postgresNanos() - from.postgresNanos(), wall));
        text.append(" bench ").append(percent(to.benchNanos() - from.benchNanos(), wall));
        long total = to.machineTotal() - from.machineTotal();
        if (from.machineTotal() > 0 && total > 0) {
            double busy = (double) (to.machineBusy() - from.machineBusy()) / total * 100 * cores;
            text.append(String.format(Locale.ROOT, " machine %.0f%%", busy));
        }
        text.append(" of ").append(cores * 100).append('%');
        return text.toString();
    }

    /**
     * CPU time of the hub's JIT compiler threads ({@code C1/C2 CompilerThread}, from {@code /proc/<pid>/task}); -1 where
     * it cannot be read. A hub whose compilers are still busy is not warmed up yet: its figures still climb.
     */
    long compilerNanos() {
        Path tasks = Path.of("/proc", Long.toString(hub.process().pid()), "task");
        long ticks = 0;
        try (DirectoryStream<Path> threads = Files.newDirectoryStream(tasks)) {
            for (Path thread : threads) {
                String stat;
                try {
                    stat = Files.readString(thread.resolve("stat"));
                } catch (IOException ended) {
                    continue;
                }
                int open = stat.indexOf('(');
                int close = stat.lastIndexOf(')');
                if (open < 0 || close < open || !stat.substring(open + 1, close).contains("CompilerThre")) {
                    continue;
                }
                // after the name: state, then 10 fields up to utime and stime (fields 14 and 15 of proc(5))
                String[] fields = stat.substring(close + 2).split(" ");
                ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return ticks * 10_000_000L; // USER_HZ is 100 on Linux
    }

    private static String percent(long cpuNanos, double wallNanos) {
        return String.format(Locale.ROOT, "%.0f%%", cpuNanos / wallNanos * 100);
    }

    private static long cpu(ProcessHandle process) {
        Optional<Duration> total = process.info().totalCpuDuration();
        return total.map(Duration::toNanos).orElse(0L);
    }

    /** {busy, total} jiffies of all CPUs from the first line of /proc/stat; {0, 0} when unavailable. */
    private static long[] machine() {
        try {
            String line = Files.readAllLines(Path.of("/proc/stat")).get(0);
            String[] fields = line.trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < fields.length && i <= 8; i++) {
                total += Long.parseLong(fields[i]);
            }
            long idle = Long.parseLong(fields[4]) + Long.parseLong(fields[5]);
            return new long[] {total - idle, total};
        } catch (IOException | RuntimeException e) {
            return new long[] {0, 0};
        }
    }
}
