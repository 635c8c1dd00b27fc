package fr.passerelle.iae.routes.francetravail;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.apache.camel.Exchange;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.StatefulService;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import fr.passerelle.iae.routes.ops.RoutePolicies;

/**
 * Flow {@code ft-notifications}: the registry's PASS events, consumed with a group of their own and deduplicated
 * by eventId, wake the dispatcher; a timer runs it every tick (it decides whether a cycle is due). The status of
 * each PASS lives on its row, so a restart resumes where the previous run stopped.
 */
@Component
public class FtNotificationsRoute extends RouteBuilder {

    static final String EVENTS_ROUTE = "ft-notifications";
    static final String DISPATCH_ROUTE = "ft-notifications-dispatch";

    private final NotificationDispatcher dispatcher;
    private final JdbcClient jdbc;

    public FtNotificationsRoute(NotificationDispatcher dispatcher, JdbcClient jdbc) {
        this.dispatcher = dispatcher;
        this.jdbc = jdbc;
    }

    @Override
    public void configure() {
        from("kafka:iae.pass.events.v1?groupId=passerelle-ft-notifications&autoOffsetReset=earliest"
                + "&valueDeserializer=org.apache.kafka.common.serialization.ByteArrayDeserializer&breakOnFirstError=true")
                .routeId(EVENTS_ROUTE)
                .process(this::consume);

        from("timer:ft-notifications-dispatch?period={{passerelle.francetravail.dispatch.tick-ms}}&delay=2000")
                .routeId(DISPATCH_ROUTE).routeConfigurationId(RoutePolicies.TICK)
                // a stopping hub ends the cycle between two calls instead of draining up to 140 of them
                .process(e -> dispatcher.tick(() -> dispatching(getContext())));
    }

    /** False once the dispatch route or the hub is stopping: its consumer is suspended before in-flight work is awaited. */
    static boolean dispatching(CamelContext camel) {
        Route route = camel.getRoute(DISPATCH_ROUTE);
        return !camel.isStopping() && route != null && route.getConsumer() instanceof StatefulService consumer
                && consumer.isStarted();
    }

    private void consume(Exchange exchange) {
        byte[] id = exchange.getMessage().getHeader("eventId", byte[].class);
        if (id == null) {
            return;
        }
        UUID eventId = UUID.fromString(new String(id, StandardCharsets.UTF_8));
        int first = jdbc.sql("INSERT INTO ft_consumed_event (event_id) VALUES (?) ON CONFLICT DO NOTHING").param(eventId).update();
        if (first == 1) {
            dispatcher.wake();
        }
    }
}
