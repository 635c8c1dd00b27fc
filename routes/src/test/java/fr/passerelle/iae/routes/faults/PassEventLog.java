package fr.passerelle.iae.routes.faults;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import fr.passerelle.iae.events.PassEvent;

/**
 * The PASS events of some PASS numbers as {@code iae.pass.events.v1} holds them (key: the number), in the order a
 * consumer gets them, re-sends included.
 */
final class PassEventLog {

    /** One record of the topic. */
    record Seen(String eventId, String type, long occurredAt) {
    }

    private final Map<String, List<Seen>> byNumber;

    private PassEventLog(Map<String, List<Seen>> byNumber) {
        this.byNumber = byNumber;
    }

    static PassEventLog read(String brokers, Collection<String> numbers) throws Exception {
        Set<String> wanted = Set.copyOf(numbers);
        Map<String, List<Seen>> byNumber = new HashMap<>();
        for (var record : TopicReader.readAll(brokers, "iae.pass.events.v1")) {
            if (record.key() != null && wanted.contains(record.key())) {
                PassEvent event = PassEvent.getDecoder().decode(record.value());
                byNumber.computeIfAbsent(record.key(), k -> new ArrayList<>()).add(new Seen(event.getEventId().toString(),
                        event.getType().name(), event.getOccurredAt().toEpochMilli()));
            }
        }
        return new PassEventLog(byNumber);
    }

    /** The distinct events of a number, first sight of each, in order. */
    private List<Seen> distinct(String number) {
        Map<String, Seen> first = new LinkedHashMap<>();
        for (Seen seen : byNumber.getOrDefault(number, List.of())) {
            first.putIfAbsent(seen.eventId(), seen);
        }
        return List.copyOf(first.values());
    }

    /** Records that repeat an event already seen: at-least-once re-sends, harmless to consumers deduplicating by eventId. */
    long resent() {
        long all = byNumber.values().stream().mapToLong(List::size).sum();
        return all - byNumber.keySet().stream().mapToLong(n -> distinct(n).size()).sum();
    }

    /** Numbers with one type of event under two eventIds: the registry change made twice. */
    long appliedTwice(Collection<String> numbers, String type) {
        return numbers.stream().filter(n -> distinct(n).stream().filter(s -> s.type().equals(type)).count() > 1).count();
    }

    /** Expected events (number → types in the order the changes were made) never seen. */
    long missing(Map<String, List<String>> expected) {
        long missing = 0;
        for (var e : expected.entrySet()) {
            List<String> seen = distinct(e.getKey()).stream().map(Seen::type).toList();
            missing += e.getValue().stream().filter(type -> !seen.contains(type)).count();
        }
        return missing;
    }

    /** The first few numbers missing an expected event, with what was seen of them: where to look in the hub's log. */
    String missingExamples(Map<String, List<String>> expected) {
        return expected.entrySet().stream()
                .filter(e -> !distinct(e.getKey()).stream().map(Seen::type).toList().containsAll(e.getValue()))
                .limit(3)
                .map(e -> e.getKey() + " expected " + e.getValue() + " seen " + byNumber.getOrDefault(e.getKey(), List.of()))
                .reduce((a, b) -> a + ", " + b).orElse("");
    }

    /**
     * Events of one number first seen out of the order their changes were made in, or going back in time
     * ({@code occurredAt}): a consumer applying them in arrival order would end in the wrong state.
     */
    long inversions(Map<String, List<String>> expected) {
        long inversions = 0;
        for (var e : expected.entrySet()) {
            List<Seen> seen = distinct(e.getKey());
            List<String> order = seen.stream().map(Seen::type).filter(e.getValue()::contains).toList();
            List<String> wanted = e.getValue().stream().filter(order::contains).toList();
            if (!order.equals(wanted)) {
                inversions++;
            }
            for (int i = 1; i < seen.size(); i++) {
                if (seen.get(i).occurredAt() < seen.get(i - 1).occurredAt()) {
                    inversions++;
                }
            }
        }
        return inversions;
    }
}
