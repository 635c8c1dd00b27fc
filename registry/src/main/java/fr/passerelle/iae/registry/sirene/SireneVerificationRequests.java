package fr.passerelle.iae.registry.sirene;

import java.util.List;
import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import fr.passerelle.iae.events.EmployerEvent;
import fr.passerelle.iae.events.EmployerEventType;
import fr.passerelle.iae.registry.outbox.Outbox;
import fr.passerelle.iae.registry.outbox.OutboxReaction;

/**
 * Queues the SIRENE API verification (flow sirene-verification) of a SIRET the registry starts to use: an employer
 * registered (PASS request, conventionnement feed) or whose SIRET changed (ASP, SIRENE succession). A SIRET already
 * waiting keeps its place; one checked before is checked again. The queue survives restarts.
 */
@Component
public class SireneVerificationRequests implements OutboxReaction<EmployerEvent> {

    private final JdbcClient jdbc;

    public SireneVerificationRequests(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public String topic() {
        return Outbox.EMPLOYER_EVENTS;
    }

    @Override
    public Set<String> types() {
        return Set.of(EmployerEventType.EmployerRegistered.name(), EmployerEventType.EmployerSiretChanged.name());
    }

    @Override
    public void react(List<EmployerEvent> events) {
        jdbc.sql("""
                INSERT INTO sirene_verification (siret) SELECT DISTINCT s FROM unnest(?::text[]) AS s
                ON CONFLICT (siret) DO UPDATE
                    SET status = 'PENDING', requested_at = now(), next_attempt_at = now(), attempts = 0, last_error = NULL
                    WHERE sirene_verification.status <> 'PENDING'""")
                .param(events.stream().map(EmployerEvent::getSiret).toArray(String[]::new))
                .update();
    }
}
