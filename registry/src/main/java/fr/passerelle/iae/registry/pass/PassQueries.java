package fr.passerelle.iae.registry.pass;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import fr.passerelle.iae.mappings.identity.PassNumber;
import fr.passerelle.iae.registry.BusinessDate;
import fr.passerelle.iae.registry.person.Identity;
import fr.passerelle.iae.registry.person.Person;
import fr.passerelle.iae.registry.person.PersonMatching;
import fr.passerelle.iae.registry.rules.DateRange;
import fr.passerelle.iae.registry.rules.PassDates;
import fr.passerelle.iae.registry.rules.PassStatus;

/** Read side of the PASS registry: one PASS by number, or the PASS of a person. */
@Component
public class PassQueries {

    private final JdbcClient jdbc;
    private final PersonMatching persons;
    private final Clock clock;

    public PassQueries(JdbcClient jdbc, PersonMatching persons, Clock clock) {
        this.jdbc = jdbc;
        this.persons = persons;
        this.clock = clock;
    }

    /** PASS-07: the number is accepted with or without spaces. Cancelled PASS are found too (status CANCELLED). */
    public Optional<PassView> byNumber(String rawNumber) {
        String number = PassNumber.parse(rawNumber, "number").orThrow().value();
        Optional<PassView> live = jdbc.sql("""
                        SELECT number, person_id, start_date, end_date, origin, origin_siret, origin_kind, ft_status, ft_exit_code, ft_at
                        FROM pass WHERE number = ?""")
                .param(number)
                .query((rs, n) -> view(rs, false))
                .optional();
        if (live.isPresent()) {
            return live;
        }
        return jdbc.sql("""
                        SELECT number, person_id, start_date, end_date, origin, origin_siret, origin_kind, ft_status, ft_exit_code, ft_at
                        FROM cancelled_pass WHERE number = ?""")
                .param(number)
                .query((rs, n) -> view(rs, true))
                .optional();
    }

    /** {@code POST /api/v1/passes/search}: the person is found by the matching rules (§2.6); unknown → empty list. */
    public List<PassView> ofPerson(Identity identity) {
        Optional<Person> person = persons.match(identity);
        if (person.isEmpty()) {
            return List.of();
        }
        List<String> numbers = jdbc.sql("""
                        SELECT number, start_date FROM pass WHERE person_id = ?
                        UNION ALL SELECT number, start_date FROM cancelled_pass WHERE person_id = ?
                        ORDER BY start_date DESC""")
                .params(person.get().id(), person.get().id())
                .query((rs, n) -> rs.getString(1))
                .list();
        List<PassView> views = new ArrayList<>();
        numbers.forEach(number -> byNumber(number).ifPresent(views::add));
        return views;
    }

    private PassView view(java.sql.ResultSet rs, boolean cancelled) throws java.sql.SQLException {
        String number = rs.getString("number");
        LocalDate start = rs.getObject("start_date", LocalDate.class);
        LocalDate end = rs.getObject("end_date", LocalDate.class);
        List<PassView.Suspension> suspensions = jdbc.sql(
                        "SELECT id, start_date, end_date, reason FROM suspension WHERE pass_number = ? ORDER BY start_date")
                .param(number)
                .query((r, n) -> new PassView.Suspension(r.getObject(1, UUID.class), r.getObject(2, LocalDate.class),
                        r.getObject(3, LocalDate.class), r.getString(4)))
                .list();
        List<PassView.Prolongation> prolongations = jdbc.sql("""
                        SELECT id, start_date, end_date, reason, validated_by_kind, validated_by_siret
                        FROM prolongation WHERE pass_number = ? ORDER BY start_date""")
                .param(number)
                .query((r, n) -> new PassView.Prolongation(r.getObject(1, UUID.class), r.getObject(2, LocalDate.class),
                        r.getObject(3, LocalDate.class), r.getString(4),
                        r.getString(5) == null && r.getString(6) == null ? null
                                : new PassView.ValidatedBy(r.getString(5), r.getString(6))))
                .list();
        List<PassView.HistoryLine> history = jdbc.sql("SELECT at, event FROM pass_history WHERE pass_number = ? ORDER BY id")
                .param(number)
                .query((r, n) -> new PassView.HistoryLine(r.getTimestamp(1).toInstant(), r.getString(2)))
                .list();
        PassStatus status = cancelled ? PassStatus.CANCELLED
                : PassDates.status(start, end, suspensions.stream().map(s -> new DateRange(s.startDate(), s.endDate())).toList(),
                BusinessDate.today(clock));
        Timestamp ftAt = rs.getTimestamp("ft_at");
        Instant notifiedAt = ftAt == null ? null : ftAt.toInstant();
        return new PassView(number, start, end, status, rs.getString("origin"), rs.getObject("person_id", UUID.class),
                rs.getString("origin_siret") == null ? null
                        : new PassView.EmployerRef(rs.getString("origin_siret"), rs.getString("origin_kind")),
                suspensions, prolongations,
                new PassView.Notifications(new PassView.Notification(rs.getString("ft_status"), rs.getString("ft_exit_code"), notifiedAt)),
                history);
    }
}
