package fr.passerelle.iae.connectors.sirene;

import fr.passerelle.iae.mappings.sirene.EstablishmentRecord;

/** A final answer of {@code GET /siret/{siret}} (PARTNERS §4.6): nothing here is worth asking again soon. */
public sealed interface SireneAnswer permits SireneAnswer.Found, SireneAnswer.Unknown, SireneAnswer.NotDiffusible,
        SireneAnswer.Refused {

    /** 200: state from {@code periodesEtablissement[0]}, {@code [ND]} values null (EMP-42). */
    record Found(EstablishmentRecord establishment) implements SireneAnswer {
    }

    /** 404: no establishment with this SIRET. */
    record Unknown() implements SireneAnswer {
    }

    /** 403: the unit is not disclosed (right of opposition): diffusion N, state unknown. */
    record NotDiffusible() implements SireneAnswer {
    }

    /** 400: INSEE refused the SIRET's format (cannot happen after EMP-01…03). */
    record Refused(String message) implements SireneAnswer {
    }
}
