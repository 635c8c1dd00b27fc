package fr.passerelle.iae.registry.employer;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import fr.passerelle.iae.registry.sirene.SireneStates;

/**
 * Look-ups of the employer registry for the API: by current SIRET, or by a previous one (EMP-20, EMP-40).
 * EMP-32: an employer past its grace period that holds data is hidden, not deleted ({@link GracePeriodEnd}); a look-up
 * by its SIRET still finds it, {@code INACTIVE}, for audit. "Not searchable" concerns listings and searches, which the
 * API does not have yet: they must leave {@code INACTIVE} employers out.
 */
@Component
public class EmployerQueries {

    /** Which status an employer of several kinds shows: the most favourable one. */
    private static final List<EmployerStatus> PRECEDENCE = List.of(EmployerStatus.ACTIVE, EmployerStatus.GRACE,
            EmployerStatus.UNVERIFIED, EmployerStatus.INACTIVE, EmployerStatus.CLOSED);

    private record Row(UUID id, String siret, String kind, String name, EmployerStatus status, String aspId, UUID conventionId) {
    }

    private final JdbcTemplate jdbc;
    private final SireneStates sirene;
    private final Clock clock;

    public EmployerQueries(JdbcTemplate jdbc, SireneStates sirene, Clock clock) {
        this.jdbc = jdbc;
        this.sirene = sirene;
        this.clock = clock;
    }

    public Optional<EmployerView> find(String siret) {
        List<Row> rows = rows(siret);
        if (rows.isEmpty()) {
            List<String> current = jdbc.queryForList("""
                    SELECT DISTINCT e.siret FROM employer_previous_siret p JOIN employer e ON e.id = p.employer_id
                    WHERE p.siret = ?""", String.class, siret);
            if (current.isEmpty()) {
                return Optional.empty();
            }
            rows = rows(current.get(0));
        }
        Row first = rows.get(0);
        EmployerStatus status = rows.stream().map(Row::status).min(Comparator.comparing(PRECEDENCE::indexOf)).orElseThrow();
        List<UUID> ids = rows.stream().map(Row::id).toList();
        List<UUID> conventionIds = rows.stream().map(Row::conventionId).filter(java.util.Objects::nonNull).toList();
        Optional<SireneStates.Known> known = sirene.find(first.siret());
        EmployerView.Sirene checked = known.map(k -> new EmployerView.Sirene(k.state(), k.diffusion(), k.checkedAt(), k.name(),
                        address(k))).orElse(EmployerView.Sirene.UNCHECKED);
        // ASP names the employers it knows; the others take SIRENE's name (null while unchecked or masked, EMP-42)
        // EMP-40: a successor not applied (another company, no continuity, EMP-20) is shown
        EmployerView.Successor successor = known.filter(k -> k.successorSiret() != null)
                .map(k -> new EmployerView.Successor(k.successorSiret(), k.successorDate())).orElse(null);
        return Optional.of(new EmployerView(first.siret(),
                rows.stream().map(Row::name).filter(java.util.Objects::nonNull).findFirst().orElse(checked.name()), status,
                rows.stream().map(Row::aspId).filter(java.util.Objects::nonNull).findFirst().orElse(null),
                rows.stream().map(Row::kind).toList(), conventions(conventionIds), checked, successor,
                jdbc.queryForList("SELECT DISTINCT siret FROM employer_previous_siret WHERE employer_id = ANY (?) ORDER BY siret",
                        String.class, (Object) ids.toArray(UUID[]::new))));
    }

    private static String address(SireneStates.Known known) {
        String town = java.util.stream.Stream.of(known.postalCode(), known.commune()).filter(java.util.Objects::nonNull)
                .collect(java.util.stream.Collectors.joining(" "));
        String text = java.util.stream.Stream.of(known.addressLine(), town.isEmpty() ? null : town)
                .filter(java.util.Objects::nonNull).collect(java.util.stream.Collectors.joining(", "));
        return text.isEmpty() ? null : text;
    }

    private List<Row> rows(String siret) {
        Instant now = clock.instant();
        return jdbc.query("""
                SELECT id, siret, kind, name, status, deactivated_at, asp_id, convention_id FROM employer
                WHERE siret = ? ORDER BY kind""",
                (rs, n) -> {
                    Timestamp deactivated = rs.getTimestamp(6);
                    return new Row(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4),
                            EmployerStatus.on(EmployerStatus.valueOf(rs.getString(5)), deactivated == null ? null : deactivated.toInstant(), now),
                            rs.getString(7), rs.getObject(8, UUID.class));
                }, siret);
    }

    private List<EmployerView.Convention> conventions(List<UUID> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        Map<UUID, List<EmployerView.Annex>> annexes = new LinkedHashMap<>();
        jdbc.query("""
                SELECT convention_id, number, start_date, end_date, state FROM financial_annex
                WHERE convention_id = ANY (?) ORDER BY start_date, number""",
                rs -> {
                    annexes.computeIfAbsent(rs.getObject(1, UUID.class), k -> new ArrayList<>()).add(new EmployerView.Annex(
                            rs.getString(2), rs.getDate(3).toLocalDate(), rs.getDate(4).toLocalDate(), rs.getString(5)));
                }, (Object) ids.toArray(UUID[]::new));
        return jdbc.query("SELECT id, kind, active, deactivated_at FROM convention WHERE id = ANY (?) ORDER BY kind",
                (rs, n) -> {
                    Timestamp deactivated = rs.getTimestamp(4);
                    return new EmployerView.Convention(rs.getString(2), rs.getBoolean(3),
                            deactivated == null ? null : deactivated.toInstant(),
                            annexes.getOrDefault(rs.getObject(1, UUID.class), List.of()));
                }, (Object) ids.toArray(UUID[]::new));
    }
}
