package fr.passerelle.iae.registry.employer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import javax.sql.DataSource;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Component;

import fr.passerelle.iae.mappings.RecordOutcome;
import fr.passerelle.iae.mappings.Rejection;
import fr.passerelle.iae.mappings.fluxiae.AnnexRecord;
import fr.passerelle.iae.mappings.fluxiae.FluxIaeFile;
import fr.passerelle.iae.mappings.fluxiae.FluxIaeRecords;
import fr.passerelle.iae.mappings.fluxiae.FluxIaeRefusal;
import fr.passerelle.iae.mappings.fluxiae.FluxIaeRow;
import fr.passerelle.iae.mappings.fluxiae.FluxIaeView;
import fr.passerelle.iae.mappings.fluxiae.StructureRecord;
import fr.passerelle.iae.registry.journal.ExchangeJournal;

/**
 * Validates both views of a delivery record by record and stages the valid rows with PostgreSQL COPY, in the
 * caller's transaction (PARTNERS §2.1: both views are validated completely before anything is applied). The
 * {@code Structure} view goes first: an annex must name a structure of the delivery.
 */
@Component
class ConventionStaging {

    /** Counts of the staged rows. {@code ignored}: rows a rule leaves out without rejecting them (EMP-16). */
    /** @param note what the journal says of an accepted oddity of the delivery (views without FIN line), or null */
    record Staged(int received, int rejected, int ignored, String note) {
    }

    private static final int REJECTS_PER_FLUSH = 500;

    private final DataSource dataSource;
    private final ExchangeJournal journal;
    /** ASP's secret for the views' encrypted archives; null when none is configured. */
    private final char[] password;

    ConventionStaging(DataSource dataSource, ExchangeJournal journal, @Value("${passerelle.asp.fluxiae-password:}") String password) {
        this.dataSource = dataSource;
        this.journal = journal;
        this.password = password.isEmpty() ? null : password.toCharArray();
    }

    Staged stage(UUID exchange, DeliveryView structures, DeliveryView annexes) throws IOException, FluxIaeRefusal {
        Connection connection = DataSourceUtils.getConnection(dataSource);
        try {
            Set<Long> structureIds = new HashSet<>();
            Counter counter = new Counter();
            List<String> withoutFin = new ArrayList<>();
            try (FluxIaeFile view = structures.open(password); Copy copy = new Copy(connection, exchange, """
                    COPY conventions_staged_structure (exchange_id, asp_id, line, valid, siret_signature, siret_current, name, naf,
                        address_line1, address_line2, postal_code, commune, insee_code, phone) FROM STDIN""")) {
                for (FluxIaeRow row = view.next(); row != null; row = view.next()) {
                    structure(row, copy, structureIds, counter);
                }
                if (!view.finLine()) {
                    withoutFin.add(FluxIaeView.STRUCTURE.aspName());
                }
            }
            try (FluxIaeFile view = annexes.open(password); Copy copy = new Copy(connection, exchange, """
                    COPY conventions_staged_annex (exchange_id, asp_id, line, kind, number, start_date, end_date, state)
                    FROM STDIN""")) {
                for (FluxIaeRow row = view.next(); row != null; row = view.next()) {
                    annex(row, copy, structureIds, counter);
                }
                if (!view.finLine()) {
                    withoutFin.add(FluxIaeView.ANNEXE_FINANCIERE.aspName());
                }
            }
            return new Staged(counter.received, counter.rejected, counter.ignored,
                    withoutFin.isEmpty() ? null : "no FIN line: " + String.join(", ", withoutFin));
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
    }

    private static final class Counter {
        int received;
        int rejected;
        int ignored;
    }

    private void structure(FluxIaeRow row, Copy copy, Set<Long> ids, Counter counter) throws IOException {
        counter.received++;
        RecordOutcome<StructureRecord> checked = FluxIaeRecords.structure(row);
        Long id = parsedId(row.get(FluxIaeView.Columns.ID_SIAE));
        if (id != null && !ids.add(id)) {
            // one row per structure id (PARTNERS §2.3): two rows make both doubtful, the structure is left as it is
            checked = new RecordOutcome.Rejected<>(row.line(), new Rejection("PARTNERS-2.3", "DUPLICATE_STRUCTURE",
                    row.field(FluxIaeView.Columns.ID_SIAE), "Cet identifiant de structure figure sur plusieurs lignes."), null);
        }
        if (checked instanceof RecordOutcome.Accepted<StructureRecord> accepted) {
            StructureRecord s = accepted.record();
            copy.row(s.aspId(), s.line(), true, s.siretSignature(), s.siretCurrent(), s.name(), s.naf(), s.addressLine1(),
                    s.addressLine2(), s.postalCode(), s.commune(), s.inseeCode(), s.phone());
        } else if (checked instanceof RecordOutcome.Rejected<StructureRecord> rejected) {
            counter.rejected++;
            copy.reject(row, rejected.rejections());
            if (id != null) {
                copy.row(id, row.line(), false, null, null, null, null, null, null, null, null, null, null);
            }
        }
    }

    private void annex(FluxIaeRow row, Copy copy, Set<Long> ids, Counter counter) throws IOException {
        counter.received++;
        RecordOutcome<AnnexRecord> checked = FluxIaeRecords.annex(row);
        if (checked instanceof RecordOutcome.Accepted<AnnexRecord> accepted && !ids.contains(accepted.record().aspId())) {
            checked = new RecordOutcome.Rejected<>(row.line(), new Rejection("PARTNERS-2.4", "UNKNOWN_STRUCTURE",
                    row.field(FluxIaeView.Columns.AF_STRUCTURE), "Cette structure n'est pas dans la vue Structure de la livraison."),
                    null);
        }
        if (checked instanceof RecordOutcome.Accepted<AnnexRecord> accepted) {
            AnnexRecord a = accepted.record();
            copy.row(a.aspId(), a.line(), a.kind(), a.number(), a.startDate(), a.endDate(), a.state().name());
        } else if (checked instanceof RecordOutcome.Rejected<AnnexRecord> rejected) {
            counter.rejected++;
            copy.reject(row, rejected.rejections());
        } else {
            counter.ignored++;
        }
    }

    private static Long parsedId(String value) {
        return value != null && value.matches("[0-9]{1,18}") ? Long.valueOf(value) : null;
    }

    /**
     * Rows streamed into one COPY; rejects are buffered since the connection is busy while a COPY runs, and written
     * every few hundred by ending the COPY and starting another, so memory stays bounded.
     */
    private final class Copy implements AutoCloseable {
        private final Connection connection;
        private final UUID exchange;
        private final String sql;
        private final StringBuilder buffer = new StringBuilder(1 << 16);
        private final List<Object[]> rejects = new ArrayList<>();
        private CopyIn copy;

        Copy(Connection connection, UUID exchange, String sql) {
            this.connection = connection;
            this.exchange = exchange;
            this.sql = sql;
        }

        void row(Object... values) throws IOException {
            buffer.append(exchange);
            for (Object value : values) {
                buffer.append('\t');
                if (value == null) {
                    buffer.append("\\N");
                } else if (value instanceof String text) {
                    escaped(text);
                } else if (value instanceof LocalDate date) {
                    buffer.append(date);
                } else {
                    buffer.append(value);
                }
            }
            buffer.append('\n');
            if (buffer.length() > 60_000) {
                send();
            }
        }

        void reject(FluxIaeRow row, List<Rejection> rejections) throws IOException {
            for (Rejection rejection : rejections) {
                String column = rejection.field() == null ? null : rejection.field().substring(rejection.field().indexOf('.') + 1);
                // contact e-mail addresses are personal: never copied into a report (PARTNERS §2.2)
                String value = column == null || column.equals(FluxIaeView.Columns.EMAIL) ? null : row.get(column);
                rejects.add(new Object[] {row.line(), rejection, value});
            }
            if (rejects.size() >= REJECTS_PER_FLUSH) {
                flushRejects();
            }
        }

        private void escaped(String text) {
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                switch (c) {
                    case '\\' -> buffer.append("\\\\");
                    case '\t' -> buffer.append("\\t");
                    case '\n' -> buffer.append("\\n");
                    case '\r' -> buffer.append("\\r");
                    default -> buffer.append(c);
                }
            }
        }

        private void send() throws IOException {
            try {
                if (copy == null) {
                    copy = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(sql);
                }
                byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
                copy.writeToCopy(bytes, 0, bytes.length);
                buffer.setLength(0);
            } catch (SQLException e) {
                throw new IOException("COPY into the staging table failed", e);
            }
        }

        private void end() throws IOException {
            if (buffer.length() > 0) {
                send();
            }
            try {
                if (copy != null) {
                    copy.endCopy();
                    copy = null;
                }
            } catch (SQLException e) {
                throw new IOException("COPY into the staging table failed", e);
            }
        }

        private void flushRejects() throws IOException {
            end();
            for (Object[] reject : rejects) {
                journal.reject(exchange, (Long) reject[0], (Rejection) reject[1], (String) reject[2]);
            }
            rejects.clear();
        }

        @Override
        public void close() throws IOException {
            flushRejects();
        }
    }
}
