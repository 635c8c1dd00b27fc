package fr.passerelle.iae.mappings;

import static org.assertj.core.api.Assertions.assertThat;

/** Test access to the rejection of a result that must be invalid. */
public final class Rejections {

    private Rejections() {
    }

    public static Rejection rejectionOf(Checked<?> checked) {
        assertThat(checked).isInstanceOf(Checked.Invalid.class);
        return ((Checked.Invalid<?>) checked).rejection();
    }
}
