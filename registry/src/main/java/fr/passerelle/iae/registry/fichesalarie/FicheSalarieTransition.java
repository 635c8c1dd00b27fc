package fr.passerelle.iae.registry.fichesalarie;

import static fr.passerelle.iae.registry.fichesalarie.FicheSalarieStatus.ARCHIVED;
import static fr.passerelle.iae.registry.fichesalarie.FicheSalarieStatus.DISABLED;
import static fr.passerelle.iae.registry.fichesalarie.FicheSalarieStatus.NEW;
import static fr.passerelle.iae.registry.fichesalarie.FicheSalarieStatus.PROCESSED;
import static fr.passerelle.iae.registry.fichesalarie.FicheSalarieStatus.READY;
import static fr.passerelle.iae.registry.fichesalarie.FicheSalarieStatus.REJECTED;
import static fr.passerelle.iae.registry.fichesalarie.FicheSalarieStatus.SENT;

import java.util.EnumSet;
import java.util.Set;

/** The transitions of PARTNERS §1.8: where each may start and where it leads. */
public enum FicheSalarieTransition {
    CREATE(EnumSet.noneOf(FicheSalarieStatus.class), NEW),
    READY(EnumSet.of(NEW, REJECTED, DISABLED, PROCESSED), FicheSalarieStatus.READY),
    SEND(EnumSet.of(FicheSalarieStatus.READY), SENT),
    REJECT(EnumSet.of(SENT), REJECTED),
    PROCESS(EnumSet.of(SENT), PROCESSED),
    DISABLE(EnumSet.of(NEW, REJECTED, PROCESSED), DISABLED),
    ENABLE(EnumSet.of(DISABLED), NEW),
    ARCHIVE(EnumSet.of(NEW, FicheSalarieStatus.READY, REJECTED, PROCESSED, DISABLED), ARCHIVED);

    private final Set<FicheSalarieStatus> from;
    private final FicheSalarieStatus to;

    FicheSalarieTransition(Set<FicheSalarieStatus> from, FicheSalarieStatus to) {
        this.from = from;
        this.to = to;
    }

    public boolean allowedFrom(FicheSalarieStatus status) {
        return from.contains(status);
    }

    /** The status reached from {@code status}; an illegal transition is a defect of the hub, never a partner's fault. */
    public FicheSalarieStatus from(FicheSalarieStatus status) {
        if (!allowedFrom(status)) {
            throw new IllegalStateException("PARTNERS-1.8: transition " + name() + " is not allowed from " + status);
        }
        return to;
    }

    public FicheSalarieStatus to() {
        return to;
    }

    /** The statuses this transition starts from, as SQL text values. */
    public String[] fromValues() {
        return from.stream().map(Enum::name).toArray(String[]::new);
    }

    /**
     * {@code unarchive}: back to the state implied by the last return code; a {@code 3436} record goes back to PROCESSED,
     * never REJECTED; a record never returned goes back to NEW.
     */
    public static FicheSalarieStatus unarchived(String lastCode) {
        if (lastCode == null) {
            return NEW;
        }
        return AspReturnCode.of(lastCode).status();
    }
}
