package fr.passerelle.iae.routes.asp;

import fr.passerelle.iae.routes.FileQuarantine;

/**
 * Not a fault of the hub: a return file that could not be applied (its reason is in the exchange journal, status
 * REFUSED) stays in {@code retrait/}, since the hub does not own that folder's layout, and is offered again at the
 * next poll; an operator sees it in {@code GET /api/v1/ops/exchanges?partner=ASP}.
 */
class ReturnFileLeftInPlace extends FileQuarantine.Postponed {

    ReturnFileLeftInPlace(String name, String reason) {
        super(name + " : " + reason);
    }
}
