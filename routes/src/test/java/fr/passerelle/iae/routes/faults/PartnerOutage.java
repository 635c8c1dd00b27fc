package fr.passerelle.iae.routes.faults;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import fr.passerelle.iae.connectors.francetravail.FranceTravailSimulator;
import fr.passerelle.iae.connectors.sirene.InseeSimulator;
import fr.passerelle.iae.routes.ChildHub;
import fr.passerelle.iae.routes.pass.PassFixtures;

/**
 * The partner outage of issue 14: INSEE and France Travail answer 503 for a while, with a backlog building up, while
 * clients issue PASS on both nodes. A partner's outage is its flows' trouble, not the node's: readiness must stay UP on
 * both nodes and no PASS request may be refused; once the partners are back the backlog drains, with one successful
 * call per PASS (France Travail's {@code maj-pass-iae}) and per SIRET (INSEE's {@code /siret}).
 */
final class PartnerOutage {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int PER_SECOND = 2;

    private final FranceTravailSimulator franceTravail;
    private final InseeSimulator insee;
    private final List<ChildHub> nodes;

    PartnerOutage(FranceTravailSimulator franceTravail, InseeSimulator insee, List<ChildHub> nodes) {
        this.franceTravail = franceTravail;
        this.insee = insee;
        this.nodes = nodes;
    }

    /** What the clients and the probes met during the outage. */
    record During(Set<String> passes, Set<String> sirets, long refused, long http5xx, long readinessChecks, long readinessDown,
                  Instant healedAt) {
    }

    During run(Duration outage) throws Exception {
        FranceTravailSimulator.Failure unavailable = new FranceTravailSimulator.Failure(503, null);
        for (FranceTravailSimulator.Endpoint endpoint : FranceTravailSimulator.Endpoint.values()) {
            franceTravail.outage(endpoint, unavailable);
        }
        insee.outage(new InseeSimulator.Failure(503, null));
        Instant healAt = Instant.now().plus(outage);
        Clients clients = new Clients(nodes);
        Readiness readiness = new Readiness(nodes);
        clients.start();
        readiness.start();
        org.awaitility.Awaitility.await("the outage of " + outage.toSeconds() + " s").atMost(outage.plusSeconds(30))
                .pollInterval(Duration.ofSeconds(1)).until(() -> !Instant.now().isBefore(healAt));
        Instant healedAt = Instant.now();
        franceTravail.heal();
        insee.heal();
        clients.stop();
        readiness.stop();
        return new During(Set.copyOf(clients.passes), Set.copyOf(clients.sirets), clients.refused.get(), clients.http5xx.get(),
                readiness.checks.get(), readiness.down.get(), healedAt);
    }

    /** PASS among these whose France Travail notification has not succeeded. */
    static long unnotified(ChildHub hub, Collection<String> passes) throws Exception {
        return count(hub, "SELECT count(*) FROM pass WHERE number = ANY(?) AND ft_status <> 'SUCCESS'", passes);
    }

    /** SIRETs among these whose INSEE verification is not done. */
    static long unverified(ChildHub hub, Collection<String> sirets) throws Exception {
        return count(hub, "SELECT count(*) FROM sirene_verification WHERE siret = ANY(?) AND status <> 'DONE'", sirets)
                + sirets.size() - count(hub, "SELECT count(*) FROM sirene_verification WHERE siret = ANY(?)", sirets);
    }

    private static long count(ChildHub hub, String sql, Collection<String> values) throws Exception {
        try (Connection db = new RegistryProbe(hub).connect(); PreparedStatement query = db.prepareStatement(sql)) {
            query.setArray(1, db.createArrayOf("varchar", values.toArray()));
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    /** Successful {@code maj-pass-iae} calls received since {@code since}, by PASS number. */
    Map<String, Long> updatesSince(Instant since) {
        return franceTravail.received(FranceTravailSimulator.Endpoint.UPDATE).stream().filter(r -> !r.at().isBefore(since))
                .collect(Collectors.groupingBy(r -> r.body().path("numPassIAE").asText(), Collectors.counting()));
    }

    /** Requests INSEE received for each of these SIRETs, so far. */
    Map<String, Long> inseeRequests(Collection<String> sirets) {
        Map<String, Long> requests = new HashMap<>();
        sirets.forEach(siret -> requests.put(siret, insee.requestsFor(siret)));
        return requests;
    }

    /** A SIRET of an employer unknown to the registry (Luhn-valid, not La Poste's). */
    static String unknownSiret() {
        StringBuilder digits = new StringBuilder("8");
        for (int i = 0; i < 12; i++) {
            digits.append(ThreadLocalRandom.current().nextInt(10));
        }
        for (int check = 0; check < 10; check++) {
            String siret = digits.toString() + check;
            if (luhn(siret)) {
                return siret;
            }
        }
        throw new IllegalStateException();
    }

    private static boolean luhn(String digits) {
        int sum = 0;
        for (int i = 0; i < digits.length(); i++) {
            int d = digits.charAt(digits.length() - 1 - i) - '0';
            if (i % 2 == 1) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
        }
        return sum % 10 == 0;
    }

    /**
     * One client per node issuing PASS that start today (so that France Travail is notified at once), one request in
     * four at an employer unknown to the registry (so that INSEE is asked): {@link #PER_SECOND} a second each, a
     * backlog that the partners' paces drain in about a minute once they are back.
     */
    private static final class Clients {
        private final List<HubApi> apis = new java.util.ArrayList<>();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final Set<String> passes = ConcurrentHashMap.newKeySet();
        private final Set<String> sirets = ConcurrentHashMap.newKeySet();
        private final AtomicLong refused = new AtomicLong();
        private final AtomicLong http5xx = new AtomicLong();
        private final List<Thread> threads = new java.util.ArrayList<>();

        Clients(List<ChildHub> nodes) throws Exception {
            for (ChildHub node : nodes) {
                apis.add(new HubApi(node));
            }
        }

        void start() {
            for (HubApi api : apis) {
                Thread thread = new Thread(() -> issue(api), "fault-suite-outage-client");
                thread.setDaemon(true);
                threads.add(thread);
                thread.start();
            }
        }

        private void issue(HubApi api) {
            long n = 0;
            long next = System.nanoTime();
            while (running.get()) {
                next += 1_000_000_000L / PER_SECOND;
                java.util.concurrent.locks.LockSupport.parkNanos(next - System.nanoTime());
                LocalDate today = FaultFixtures.today();
                String siret = n++ % 4 == 0 ? unknownSiret() : FaultFixtures.DEMO_SIRET;
                LocalDate birth = LocalDate.of(1985, 6, 1);
                Map<String, Object> request = PassFixtures.issuance(PassFixtures.person(PassFixtures.newNir(birth), birth), siret,
                        "ACI", today, today);
                var answer = api.post("/api/v1/passes", "fault-outage-" + java.util.UUID.randomUUID(), FaultFixtures.json(request));
                if (answer.isEmpty()) {
                    continue;
                }
                int status = answer.get().statusCode();
                if (status >= 500) {
                    http5xx.incrementAndGet();
                } else if (status >= 400) {
                    refused.incrementAndGet();
                } else {
                    try {
                        JsonNode body = JSON.readTree(answer.get().body());
                        passes.add(body.path("number").asText());
                    } catch (Exception e) {
                        refused.incrementAndGet();
                    }
                    if (!siret.equals(FaultFixtures.DEMO_SIRET)) {
                        sirets.add(siret);
                    }
                }
            }
        }

        void stop() throws InterruptedException {
            running.set(false);
            for (Thread thread : threads) {
                thread.join(60_000);
            }
        }
    }

    /** Asks each node's readiness (what a load balancer asks) twice a second; anything but 200 is a node dropped. */
    private static final class Readiness {
        private final List<ChildHub> nodes;
        private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        private final AtomicBoolean running = new AtomicBoolean(true);
        private final AtomicLong checks = new AtomicLong();
        private final AtomicLong down = new AtomicLong();
        private final Thread thread = new Thread(this::probe, "fault-suite-readiness");

        Readiness(List<ChildHub> nodes) {
            this.nodes = nodes;
            thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        private void probe() {
            while (running.get()) {
                for (ChildHub node : nodes) {
                    checks.incrementAndGet();
                    try {
                        URI uri = node.uri("/actuator/health/readiness");
                        HttpResponse<Void> answer = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build(),
                                HttpResponse.BodyHandlers.discarding());
                        if (answer.statusCode() != 200) {
                            down.incrementAndGet();
                        }
                    } catch (Exception e) {
                        down.incrementAndGet();
                    }
                }
                java.util.concurrent.locks.LockSupport.parkNanos(500_000_000L);
            }
        }

        void stop() throws InterruptedException {
            running.set(false);
            thread.join(30_000);
        }
    }
}
