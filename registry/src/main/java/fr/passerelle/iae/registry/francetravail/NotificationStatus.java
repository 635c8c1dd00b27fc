package fr.passerelle.iae.registry.francetravail;

/** Notification status of a PASS towards France Travail (PARTNERS §3.6). */
public enum NotificationStatus {
    /** Default; also after a pre-check failed or the dates changed (SUSP-11). */
    PENDING,
    /** Promoted by the dispatcher: started, hired, identity complete. */
    READY,
    /** HTTP 200 + S000; final until the dates change. */
    SUCCESS,
    /** Final: a business refusal, stored with its code. */
    ERROR,
    /** Technical failure: sent again at the next cycles, without limit. */
    SHOULD_RETRY
}
