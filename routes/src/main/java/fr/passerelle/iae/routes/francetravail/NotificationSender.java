package fr.passerelle.iae.routes.francetravail;

import org.springframework.stereotype.Component;

import fr.passerelle.iae.connectors.francetravail.FranceTravailClient;
import fr.passerelle.iae.connectors.francetravail.FranceTravailUnavailable;
import fr.passerelle.iae.mappings.francetravail.IdentityLookupAnswer;
import fr.passerelle.iae.mappings.francetravail.IdentityLookupRequest;
import fr.passerelle.iae.mappings.francetravail.PassUpdateAnswer;
import fr.passerelle.iae.mappings.francetravail.PassUpdateRequest;
import fr.passerelle.iae.registry.francetravail.NotificationEntry;
import fr.passerelle.iae.registry.francetravail.NotificationQueue;
import fr.passerelle.iae.registry.rules.EmployerKind;

/** Notifies one PASS: identity look-up when the national id is unknown (ID-33), then {@code maj-pass-iae}. */
@Component
public class NotificationSender {

    private final FranceTravailClient client;
    private final NotificationQueue queue;

    public NotificationSender(FranceTravailClient client, NotificationQueue queue) {
        this.client = client;
        this.queue = queue;
    }

    public NotificationOutcome send(NotificationEntry entry) {
        Integer typeSiae = typeSiae(entry.employerKind());
        if (typeSiae == null || entry.siret() == null) {
            // §3.6: checked before any call
            return new NotificationOutcome.Refused(NotificationQueue.UPDATE, "INVALID_SIAE_KIND");
        }
        String nationalId = entry.nationalId();
        if (nationalId == null) {
            IdentityLookupAnswer found;
            try {
                found = client.post(FranceTravailClient.LOOKUP_PATH, IdentityLookupRequest.of(entry.nir(), entry.birthDate(),
                        entry.birthName(), entry.lastName(), entry.firstName()), IdentityLookupAnswer.class);
            } catch (FranceTravailUnavailable e) {
                return new NotificationOutcome.Deferred(NotificationQueue.LOOKUP, e.reason(), false);
            }
            if (!found.found()) {
                return new NotificationOutcome.Refused(NotificationQueue.LOOKUP, found.outcomeCode());
            }
            nationalId = found.idNationalDE();
            queue.identityFound(entry, nationalId);
        }
        PassUpdateRequest request = PassUpdateRequest.of(entry.number(), entry.start(), entry.end(), entry.cancelled(), nationalId,
                entry.siret(), typeSiae, entry.sender(), entry.prescriberKind());
        PassUpdateAnswer answer;
        try {
            answer = client.postOnce(FranceTravailClient.UPDATE_PATH, request, PassUpdateAnswer.class);
        } catch (FranceTravailUnavailable e) {
            return new NotificationOutcome.Deferred(NotificationQueue.UPDATE, e.reason(), e.outcomeUnknown());
        }
        // §3.5: the follow-up "already in progress" may be the one an earlier attempt of ours installed unseen
        if (answer.installed() || answer.followUpAlreadyInProgress() && entry.maybeInstalled()) {
            return new NotificationOutcome.Installed(answer.codeSortie());
        }
        return new NotificationOutcome.Refused(NotificationQueue.UPDATE, answer.codeSortie());
    }

    private static Integer typeSiae(String kind) {
        if (kind == null) {
            return null;
        }
        try {
            return EmployerKind.valueOf(kind).franceTravailTypeSiae();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
