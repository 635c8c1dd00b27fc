package fr.passerelle.iae.routes.faults;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.common.header.Header;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import fr.passerelle.iae.routes.ChildHub;

/**
 * What became of PASS requests put on Kafka (key → the person's NIR), counted from the registry, the reply topic
 * and the events topic: the real outcome, not what a node logged.
 */
final class InputOutcomes {

    static final String COMMANDS_CLIENT = "kafka:iae.pass.commands.v1";
    static final String HIRES_CLIENT = "kafka:iae.hires.v1";
    private static final ObjectMapper JSON = new ObjectMapper();

    private InputOutcomes() {
    }

    /**
     * Commands on {@code iae.pass.commands.v1}: each must get a reply on {@code iae.pass.replies.v1}; a reply repeated
     * (a command redelivered after a kill) must carry the same PASS number.
     */
    static FaultCounts passCommands(ChildHub hub, Map<String, String> nirByKey) throws Exception {
        RegistryProbe registry = new RegistryProbe(hub);
        String brokers = hub.endpoints().getProperty("passerelle.kafka.brokers");
        Map<String, Set<String>> numbersByKey = new HashMap<>();
        Set<String> replied = new HashSet<>();
        long replies = 0;
        long http5xx = 0;
        for (var reply : TopicReader.readAll(brokers, "iae.pass.replies.v1")) {
            if (reply.key() == null || !nirByKey.containsKey(reply.key())) {
                continue;
            }
            replies++;
            replied.add(reply.key());
            Header status = reply.headers().lastHeader("status");
            int code = status == null ? 0 : Integer.parseInt(new String(status.value(), StandardCharsets.UTF_8));
            if (code >= 500) {
                http5xx++;
            }
            JsonNode body = JSON.readTree(reply.value());
            if (body.hasNonNull("number")) {
                numbersByKey.computeIfAbsent(reply.key(), k -> new HashSet<>()).add(body.get("number").asText());
            }
        }
        Map<String, Integer> stored = registry.storedAnswers(COMMANDS_CLIENT, nirByKey.keySet());
        Set<String> dead = registry.deadLettered(nirByKey.keySet());
        long lost = nirByKey.keySet().stream().filter(k -> !replied.contains(k) && !stored.containsKey(k) && !dead.contains(k)).count();
        // answered in the registry or given up as a dead letter, but the partner never got its reply
        long stuck = nirByKey.keySet().stream().filter(k -> !replied.contains(k) && (stored.containsKey(k) || dead.contains(k))).count();
        Set<String> numbers = new HashSet<>();
        numbersByKey.values().forEach(numbers::addAll);
        PassEventLog events = PassEventLog.read(brokers, numbers);
        long twice = numbersByKey.values().stream().filter(n -> n.size() > 1).count()
                + registry.peopleAppliedTwice(nirByKey.values()) + events.appliedTwice(numbers, "PassIssued");
        return new FaultCounts(lost, twice, stuck, http5xx, 0,
                nirByKey.size() + " commands, " + (replies - replied.size()) + " replies re-sent");
    }

    /** Hires on {@code iae.hires.v1} (no reply topic, API.md): each must have its answer stored with its key. */
    static FaultCounts hires(ChildHub hub, Map<String, String> nirByKey) throws Exception {
        RegistryProbe registry = new RegistryProbe(hub);
        Map<String, Integer> stored = registry.storedAnswers(HIRES_CLIENT, nirByKey.keySet());
        Set<String> dead = registry.deadLettered(nirByKey.keySet());
        long lost = nirByKey.keySet().stream().filter(k -> !stored.containsKey(k) && !dead.contains(k)).count();
        long http5xx = stored.values().stream().filter(status -> status >= 500).count();
        long twice = registry.peopleAppliedTwice(nirByKey.values());
        return new FaultCounts(lost, twice, dead.size(), http5xx, 0, nirByKey.size() + " hires");
    }
}
