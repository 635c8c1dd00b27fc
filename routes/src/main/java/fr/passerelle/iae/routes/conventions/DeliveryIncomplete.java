package fr.passerelle.iae.routes.conventions;

import fr.passerelle.iae.routes.FileQuarantine;

/** The Structure view is there but not yet its AnnexeFinanciere: the file stays in the drop box for the next poll. */
class DeliveryIncomplete extends FileQuarantine.Postponed {

    DeliveryIncomplete(String name) {
        super("the AnnexeFinanciere view of " + name + " has not arrived yet");
    }
}
