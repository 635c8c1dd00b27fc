package fr.passerelle.iae.registry.rules;

import static java.time.LocalDate.parse;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class PassDatesTest {

    static final LocalDate START = parse("2025-01-06");
    static final LocalDate END = parse("2027-01-05");
    static final List<DateRange> JUNE = List.of(new DateRange(parse("2025-06-01"), parse("2025-06-30")));

    @Test
    void PASS_10_end_is_start_plus_729_days() {
        assertThat(PassDates.endFor(parse("2025-03-03"))).isEqualTo(parse("2027-03-02"));
        assertThat(new DateRange(parse("2025-03-03"), PassDates.endFor(parse("2025-03-03"))).days()).isEqualTo(730);
    }

    @Test
    void PASS_10_leap_year() {
        assertThat(PassDates.endFor(parse("2024-01-15"))).isEqualTo(parse("2026-01-13"));
        assertThat(PassDates.endFor(parse("2024-02-29"))).isEqualTo(parse("2026-02-27"));
    }

    @Test
    void STATUS_future_before_start_valid_from_start_to_end_included() {
        assertThat(PassDates.status(START, END, List.of(), parse("2025-01-05"))).isEqualTo(PassStatus.FUTURE);
        assertThat(PassDates.status(START, END, List.of(), START)).isEqualTo(PassStatus.VALID);
        assertThat(PassDates.status(START, END, List.of(), END)).isEqualTo(PassStatus.VALID);
        assertThat(PassDates.status(START, END, List.of(), parse("2027-01-06"))).isEqualTo(PassStatus.EXPIRED);
    }

    @Test
    void STATUS_suspended_while_a_suspension_covers_today_bounds_included() {
        assertThat(PassDates.status(START, END, JUNE, parse("2025-05-31"))).isEqualTo(PassStatus.VALID);
        assertThat(PassDates.status(START, END, JUNE, parse("2025-06-01"))).isEqualTo(PassStatus.SUSPENDED);
        assertThat(PassDates.status(START, END, JUNE, parse("2025-06-30"))).isEqualTo(PassStatus.SUSPENDED);
        assertThat(PassDates.status(START, END, JUNE, parse("2025-07-01"))).isEqualTo(PassStatus.VALID);
    }

    @Test
    void STATUS_expired_is_checked_before_suspended() {
        // Inconsistent data (PROL-07) must still read as expired once the end is past.
        List<DateRange> beyondEnd = List.of(new DateRange(parse("2027-01-01"), parse("2027-01-31")));
        assertThat(PassDates.status(START, END, beyondEnd, parse("2027-01-10"))).isEqualTo(PassStatus.EXPIRED);
        assertThat(PassDates.status(START, END, beyondEnd, END)).isEqualTo(PassStatus.SUSPENDED);
    }

    @Test
    void STATUS_is_never_cancelled_from_dates() {
        for (LocalDate d = parse("2024-12-01"); d.isBefore(parse("2027-02-01")); d = d.plusDays(7)) {
            assertThat(PassDates.status(START, END, JUNE, d)).isNotEqualTo(PassStatus.CANCELLED);
        }
    }

    @Test
    void PASS_40_current_or_future_while_end_is_today_or_later() {
        assertThat(PassDates.currentOrFuture(END, END)).isTrue();
        assertThat(PassDates.currentOrFuture(END, parse("2025-01-01"))).isTrue();
        assertThat(PassDates.currentOrFuture(END, parse("2027-01-06"))).isFalse();
        assertThat(PassStatus.SUSPENDED.currentOrFuture()).isTrue();
        assertThat(PassStatus.FUTURE.currentOrFuture()).isTrue();
        assertThat(PassStatus.VALID.currentOrFuture()).isTrue();
        assertThat(PassStatus.EXPIRED.currentOrFuture()).isFalse();
        assertThat(PassStatus.CANCELLED.currentOrFuture()).isFalse();
    }

    @Test
    void PASS_30_latest_is_latest_end_then_earliest_start() {
        DateRange old = new DateRange(parse("2019-07-01"), parse("2022-03-31"));
        DateRange late = new DateRange(parse("2021-02-01"), parse("2023-01-31"));
        DateRange sameEndEarlier = new DateRange(parse("2020-01-15"), parse("2023-01-31"));
        assertThat(PassDates.latest(List.of(old, late, sameEndEarlier))).contains(sameEndEarlier);
        assertThat(PassDates.latest(List.of())).isEmpty();
    }

    @Test
    void DATE_RANGE_counts_both_ends_and_overlaps_on_touching_bounds() {
        DateRange june = JUNE.get(0);
        assertThat(june.days()).isEqualTo(30);
        assertThat(new DateRange(START, START).days()).isEqualTo(1);
        assertThat(june.contains(parse("2025-06-30"))).isTrue();
        assertThat(june.contains(parse("2025-07-01"))).isFalse();
        assertThat(june.overlaps(new DateRange(parse("2025-06-30"), parse("2025-07-10")))).isTrue();
        assertThat(june.overlaps(new DateRange(parse("2025-07-01"), parse("2025-07-10")))).isFalse();
        assertThat(june.overlaps(new DateRange(parse("2025-05-01"), parse("2025-06-01")))).isTrue();
        assertThat(june.overlaps(new DateRange(parse("2025-06-10"), parse("2025-06-11")))).isTrue();
    }
}
