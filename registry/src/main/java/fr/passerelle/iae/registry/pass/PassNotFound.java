package fr.passerelle.iae.registry.pass;

/** A PASS, or a part of one, that the registry does not hold (404). */
public class PassNotFound extends RuntimeException {

    public PassNotFound(String message) {
        super(message, null, false, false);
    }

    static PassNotFound of(String number) {
        return new PassNotFound("Le PASS IAE " + number + " n'existe pas.");
    }
}
