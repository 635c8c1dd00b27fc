package fr.passerelle.iae.registry.journal;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import fr.passerelle.iae.mappings.identity.PersonalData;

/**
 * How many times in a row a delivered file failed (not refused: failed, the hub could not finish it), counted in the
 * registry so that every node sees the same count. What the count leads to is {@code FILE-03}: quarantine.
 */
@Component
public class FileFailures {

    private final JdbcClient jdbc;

    public FileFailures(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** One more failure of this file; returns how many in a row. */
    public int failed(String flow, String name, long size, String error) {
        return jdbc.sql("""
                INSERT INTO file_failure (flow, name, size, failures, last_error) VALUES (?, ?, ?, 1, ?)
                ON CONFLICT (flow, name, size) DO UPDATE SET failures = file_failure.failures + 1,
                    last_error = excluded.last_error, updated_at = now()
                RETURNING failures""")
                .params(flow, name, size, PersonalData.mask(error))
                .query(Integer.class).single();
    }

    /** How many times in a row this file failed so far. */
    public int count(String flow, String name, long size) {
        return jdbc.sql("SELECT failures FROM file_failure WHERE flow = ? AND name = ? AND size = ?").params(flow, name, size)
                .query(Integer.class).optional().orElse(0);
    }

    /** The file went through (or away): its count starts again. */
    public void forget(String flow, String name, long size) {
        jdbc.sql("DELETE FROM file_failure WHERE flow = ? AND name = ? AND size = ?").params(flow, name, size).update();
    }
}
