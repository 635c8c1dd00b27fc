package fr.passerelle.iae.routes.faults;

import java.util.ArrayList;
import java.util.List;

/** The suite's result, one row per scenario, as an aligned text table. */
final class ScenarioTable {

    private static final List<String> HEADER = List.of("scenario", "lost", "applied_twice", "stuck", "http_5xx",
            "order_inversions", "note");

    private final List<List<String>> rows = new ArrayList<>();

    void add(String scenario, FaultCounts counts) {
        rows.add(List.of(scenario, Long.toString(counts.lost()), Long.toString(counts.appliedTwice()),
                Long.toString(counts.stuck()), Long.toString(counts.http5xx()), Long.toString(counts.orderInversions()),
                counts.note()));
    }

    /** A scenario that could not run to its counts: its row says so instead of hiding it. */
    void failed(String scenario, Throwable error) {
        rows.add(List.of(scenario, "?", "?", "?", "?", "?", "FAILED: " + error));
    }

    String render() {
        int[] widths = new int[HEADER.size()];
        List<List<String>> all = new ArrayList<>();
        all.add(HEADER);
        all.addAll(rows);
        for (List<String> row : all) {
            for (int i = 0; i < row.size(); i++) {
                widths[i] = Math.max(widths[i], row.get(i).length());
            }
        }
        StringBuilder text = new StringBuilder();
        for (int r = 0; r < all.size(); r++) {
            List<String> row = all.get(r);
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                String cell = row.get(i);
                // counts right-aligned, words left-aligned; the last column is not padded
                boolean number = i > 0 && i < row.size() - 1;
                String padded = i == row.size() - 1 ? cell
                        : number ? " ".repeat(widths[i] - cell.length()) + cell : cell + " ".repeat(widths[i] - cell.length());
                line.append(i == 0 ? "" : "  ").append(padded);
            }
            text.append(line.toString().stripTrailing()).append('\n');
            if (r == 0) {
                text.append("-".repeat(line.length())).append('\n');
            }
        }
        return text.toString();
    }
}
