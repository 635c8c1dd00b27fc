package fr.passerelle.iae.registry.rules;

import static org.assertj.core.api.Assertions.assertThat;

import fr.passerelle.iae.mappings.Rejection;
import java.util.Optional;

/** Checks rule, code and field of a refusal, and that its message is a French sentence. */
final class RejectionAssert {

    private RejectionAssert() {
    }

    static void assertRejected(Optional<Rejection> result, String rule, String code, String field) {
        assertThat(result).as("expected %s %s", rule, code).isPresent();
        Rejection r = result.get();
        assertThat(r.rule()).isEqualTo(rule);
        assertThat(r.code()).isEqualTo(code);
        assertThat(r.field()).isEqualTo(field);
        assertThat(r.message()).isNotBlank().endsWith(".");
    }
}
