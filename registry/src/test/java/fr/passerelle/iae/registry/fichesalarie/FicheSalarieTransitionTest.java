package fr.passerelle.iae.registry.fichesalarie;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** PARTNERS §1.8 lifecycle and §1.7 return codes as pure rules. */
class FicheSalarieTransitionTest {

    @Test
    void PARTNERS_1_8_ready_from_new_rejected_disabled_and_processed_only() {
        for (FicheSalarieStatus from : FicheSalarieStatus.values()) {
            boolean allowed = from == FicheSalarieStatus.NEW || from == FicheSalarieStatus.REJECTED
                    || from == FicheSalarieStatus.DISABLED || from == FicheSalarieStatus.PROCESSED;
            assertThat(FicheSalarieTransition.READY.allowedFrom(from)).as("ready from %s", from).isEqualTo(allowed);
        }
        assertThat(FicheSalarieTransition.READY.from(FicheSalarieStatus.PROCESSED)).isEqualTo(FicheSalarieStatus.READY);
    }

    @Test
    void PARTNERS_1_8_only_a_ready_fiche_is_sent_and_only_a_sent_one_is_processed_or_rejected() {
        assertThat(FicheSalarieTransition.SEND.from(FicheSalarieStatus.READY)).isEqualTo(FicheSalarieStatus.SENT);
        assertThatThrownBy(() -> FicheSalarieTransition.SEND.from(FicheSalarieStatus.NEW)).isInstanceOf(IllegalStateException.class);
        assertThat(FicheSalarieTransition.PROCESS.from(FicheSalarieStatus.SENT)).isEqualTo(FicheSalarieStatus.PROCESSED);
        assertThat(FicheSalarieTransition.REJECT.from(FicheSalarieStatus.SENT)).isEqualTo(FicheSalarieStatus.REJECTED);
        assertThatThrownBy(() -> FicheSalarieTransition.PROCESS.from(FicheSalarieStatus.REJECTED)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void PARTNERS_1_8_disable_enable_and_archive() {
        assertThat(FicheSalarieTransition.DISABLE.allowedFrom(FicheSalarieStatus.SENT)).isFalse();
        assertThat(FicheSalarieTransition.DISABLE.from(FicheSalarieStatus.PROCESSED)).isEqualTo(FicheSalarieStatus.DISABLED);
        assertThat(FicheSalarieTransition.ENABLE.from(FicheSalarieStatus.DISABLED)).isEqualTo(FicheSalarieStatus.NEW);
        assertThat(FicheSalarieTransition.ARCHIVE.allowedFrom(FicheSalarieStatus.SENT)).isFalse();
        assertThat(FicheSalarieTransition.ARCHIVE.from(FicheSalarieStatus.READY)).isEqualTo(FicheSalarieStatus.ARCHIVED);
    }

    @Test
    void PARTNERS_1_8_unarchive_goes_back_to_the_state_of_the_last_code_and_3436_never_to_rejected() {
        assertThat(FicheSalarieTransition.unarchived("3436")).isEqualTo(FicheSalarieStatus.PROCESSED);
        assertThat(FicheSalarieTransition.unarchived("0000")).isEqualTo(FicheSalarieStatus.PROCESSED);
        assertThat(FicheSalarieTransition.unarchived("3417")).isEqualTo(FicheSalarieStatus.REJECTED);
        assertThat(FicheSalarieTransition.unarchived(null)).isEqualTo(FicheSalarieStatus.NEW);
    }

    @Test
    void PARTNERS_1_7_return_codes() {
        assertThat(AspReturnCode.of("0000").status()).isEqualTo(FicheSalarieStatus.PROCESSED);
        assertThat(AspReturnCode.of("3436").status()).isEqualTo(FicheSalarieStatus.PROCESSED);
        assertThat(AspReturnCode.of("3437").status()).isEqualTo(FicheSalarieStatus.REJECTED);
        assertThat(AspReturnCode.of("9999")).isEqualTo(AspReturnCode.OTHER);
        assertThat(AspReturnCode.of("9999").status()).isEqualTo(FicheSalarieStatus.REJECTED);
        // an update notification is processed on 0000 only
        assertThat(AspReturnCode.of("3436").updateStatus()).isEqualTo(FicheSalarieStatus.REJECTED);
        assertThat(AspReturnCode.of("0000").updateStatus()).isEqualTo(FicheSalarieStatus.PROCESSED);
    }
}
