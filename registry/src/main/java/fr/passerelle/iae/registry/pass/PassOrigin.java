package fr.passerelle.iae.registry.pass;

/** Who sent the application that led to the hire (PASS-28 origin snapshot, PASS-32 a). */
public record PassOrigin(Sender sender, String prescriberKind, boolean prescriberAuthorized) {

    public enum Sender { JOB_SEEKER, PRESCRIBER, EMPLOYER }

    /** PASS-32 (a): only an application sent by an authorised prescriber organisation lifts the waiting period. */
    public boolean sentByAuthorizedPrescriber() {
        return sender == Sender.PRESCRIBER && prescriberAuthorized;
    }
}
