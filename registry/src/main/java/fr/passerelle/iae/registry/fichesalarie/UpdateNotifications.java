package fr.passerelle.iae.registry.fichesalarie;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import fr.passerelle.iae.events.PassEvent;
import fr.passerelle.iae.events.PassEventType;
import fr.passerelle.iae.registry.outbox.Outbox;
import fr.passerelle.iae.registry.outbox.OutboxReaction;

/**
 * SUSP-11, PARTNERS §1.9: a change of a PASS's start or end queues an update notification ({@code typeMouvement} M) for
 * each of its fiches salarié that ASP holds or may hold (PROCESSED, SENT, DISABLED). At most one NEW notification per
 * fiche: a second change refreshes the pending one, whose line is built from the PASS's dates at upload time.
 */
@Component
public class UpdateNotifications implements OutboxReaction<PassEvent> {


    private final JdbcClient jdbc;
    private final FicheSalarieJournal journal;
    private final Clock clock;

    public UpdateNotifications(JdbcClient jdbc, FicheSalarieJournal journal, Clock clock) {
        this.jdbc = jdbc;
        this.journal = journal;
        this.clock = clock;
    }

    @Override
    public String topic() {
        return Outbox.PASS_EVENTS;
    }

    /** SUSP-11: the events of a change of the PASS start or end. */
    @Override
    public Set<String> types() {
        return Set.of(PassEventType.PassStartMoved.name(), PassEventType.PassSuspended.name(),
                PassEventType.PassSuspensionEnded.name(), PassEventType.PassProlonged.name());
    }

    /** In the PASS change's transaction. */
    @Override
    public void react(List<PassEvent> events) {
        events.forEach(event -> passDatesChanged(event.getPassNumber(), event.getType().name()));
    }

    private void passDatesChanged(String passNumber, String reason) {
        List<UUID> fiches = jdbc.sql("SELECT id FROM fiche_salarie WHERE pass_number = ? AND status IN ('PROCESSED', 'SENT', 'DISABLED')")
                .param(passNumber).query(UUID.class).list();
        for (UUID fiche : fiches) {
            queue(fiche, reason);
        }
    }

    /** Queues (or refreshes) the fiche's update notification; also used for a 3436 duplicate whose PASS dates moved. */
    public void queue(UUID ficheId, String reason) {
        Timestamp now = Timestamp.from(clock.instant());
        int refreshed = jdbc.sql("UPDATE fiche_salarie_update SET reason = ?, updated_at = ? WHERE fiche_id = ? AND status = 'NEW'")
                .params(reason, now, ficheId).update();
        if (refreshed == 0) {
            jdbc.sql("""
                    INSERT INTO fiche_salarie_update (id, fiche_id, status, reason, created_at, updated_at)
                    VALUES (?, ?, 'NEW', ?, ?, ?) ON CONFLICT (fiche_id) WHERE status = 'NEW' DO UPDATE SET updated_at = excluded.updated_at""")
                    .params(UUID.randomUUID(), ficheId, reason, now, now).update();
        }
        String status = jdbc.sql("SELECT status FROM fiche_salarie WHERE id = ?").param(ficheId).query(String.class).single();
        journal.record(ficheId, "update-queued", FicheSalarieStatus.valueOf(status), "M", FicheSalarieJournal.AspRef.NONE, reason);
    }
}
