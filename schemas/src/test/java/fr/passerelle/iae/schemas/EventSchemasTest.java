package fr.passerelle.iae.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;

import fr.passerelle.iae.events.EmployeeRecordEvent;
import fr.passerelle.iae.events.EmployeeRecordEventType;
import fr.passerelle.iae.events.EmployerEvent;
import fr.passerelle.iae.events.EmployerEventType;
import fr.passerelle.iae.events.PassEvent;
import fr.passerelle.iae.events.PassEventType;
import org.junit.jupiter.api.Test;

/** The generated event classes round-trip through Avro's single-object encoding (schema fingerprint + body). */
class EventSchemasTest {

    private static final Instant AT = Instant.parse("2025-03-05T09:55:00Z");

    @Test
    void a_pass_event_round_trips_with_the_envelope_defaults() throws Exception {
        PassEvent event = PassEvent.newBuilder()
                .setEventId(UUID.randomUUID()).setOccurredAt(AT).setType(PassEventType.PassIssued)
                .setPassNumber("999990000001").setStartDate(LocalDate.of(2026, 12, 1)).setEndDate(LocalDate.of(2028, 11, 30))
                .setStatus("FUTURE").setOrigin("ISSUED").setPersonId(UUID.randomUUID())
                .build();

        ByteBuffer bytes = PassEvent.getEncoder().encode(event);

        assertThat(PassEvent.getDecoder().decode(bytes)).isEqualTo(event);
        assertThat(event.getSource()).isEqualTo("passerelle-iae");
        assertThat(event.getSchemaVersion()).isEqualTo(1);
    }

    @Test
    void an_employer_event_round_trips() throws Exception {
        EmployerEvent event = EmployerEvent.newBuilder()
                .setEventId(UUID.randomUUID()).setOccurredAt(AT).setType(EmployerEventType.EmployerSiretChanged)
                .setSiret("44198765800024").setPreviousSiret("44198765800016").setAspId("4101").setKind("ACI")
                .setName("ATELIER DU CANAL").setStatus("ACTIVE").setChangedBy("ASP")
                .build();

        ByteBuffer bytes = EmployerEvent.getEncoder().encode(event);

        EmployerEvent read = EmployerEvent.getDecoder().decode(bytes);
        assertThat(read).isEqualTo(event);
        assertThat(read.getSource()).isEqualTo("passerelle-iae");
        assertThat(read.getDeactivatedAt()).isNull();
    }

    @Test
    void a_convention_deactivation_carries_its_dates() throws Exception {
        EmployerEvent event = EmployerEvent.newBuilder()
                .setEventId(UUID.randomUUID()).setOccurredAt(AT).setType(EmployerEventType.ConventionDeactivated)
                .setSiret("52311874300013").setAspId("4102").setKind("ETTI").setStatus("GRACE")
                .setDeactivatedAt(AT).setAnnexNumber("ETTI035230002A0M0").setAnnexEndDate(LocalDate.of(2024, 12, 31))
                .build();

        assertThat(EmployerEvent.getDecoder().decode(EmployerEvent.getEncoder().encode(event))).isEqualTo(event);
    }

    @Test
    void an_employee_record_event_round_trips() throws Exception {
        EmployeeRecordEvent event = EmployeeRecordEvent.newBuilder()
                .setEventId(UUID.randomUUID()).setOccurredAt(AT).setType(EmployeeRecordEventType.FicheSalarieRejected)
                .setFicheSalarieId("42").setPassNumber("999990012345").setSiret("44198765800016").setMeasure("ACI_DC")
                .setMovementType("C").setAspFile("RIAE_FS_20250305095500.json").setAspLine(3)
                .setAspCode("3417").setAspLabel("Commune de résidence inconnue")
                .build();

        EmployeeRecordEvent read = EmployeeRecordEvent.getDecoder().decode(EmployeeRecordEvent.getEncoder().encode(event));

        assertThat(read).isEqualTo(event);
        assertThat(read.getProcessedAsDuplicate()).isFalse();
    }
}
