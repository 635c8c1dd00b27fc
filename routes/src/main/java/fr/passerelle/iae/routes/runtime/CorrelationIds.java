package fr.passerelle.iae.routes.runtime;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import org.apache.camel.AsyncCallback;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.NamedNode;
import org.apache.camel.Processor;
import org.apache.camel.spi.InterceptStrategy;
import org.apache.camel.support.processor.DelegateAsyncProcessor;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

import fr.passerelle.iae.registry.journal.ExchangeJournal;

/**
 * Gives every exchange a correlation id and puts it in the logging context of each step, so that the JSON log
 * lines of one file or one message can be found together across routes. The id comes with the unit when its
 * sender set one (Kafka header {@code correlationId}, HTTP header {@code X-Correlation-Id}) and is created
 * otherwise; it then travels as the {@code correlationId} header (direct calls, Kafka records sent on).
 */
@Component
public class CorrelationIds implements InterceptStrategy {

    public static final String HEADER = ExchangeJournal.CORRELATION_ID;
    public static final String HTTP_HEADER = "X-Correlation-Id";
    // the exchange journal keeps it in 64 characters
    private static final int MAX_LENGTH = 64;

    @Override
    public Processor wrapProcessorInInterceptors(CamelContext context, NamedNode definition, Processor target, Processor nextTarget) {
        return new DelegateAsyncProcessor(target) {
            @Override
            public boolean process(Exchange exchange, AsyncCallback callback) {
                String previous = MDC.get(HEADER);
                MDC.put(HEADER, of(exchange));
                try {
                    return super.process(exchange, callback);
                } finally {
                    if (previous == null) {
                        MDC.remove(HEADER);
                    } else {
                        MDC.put(HEADER, previous);
                    }
                }
            }
        };
    }

    /** The exchange's correlation id, assigned on first use. */
    public static String of(Exchange exchange) {
        Object value = exchange.getMessage().getHeader(HEADER);
        String id = text(value);
        if (id == null || id.isBlank()) {
            id = text(exchange.getMessage().getHeader(HTTP_HEADER));
        }
        if (id == null || id.isBlank() || id.length() > MAX_LENGTH) {
            id = UUID.randomUUID().toString();
        }
        if (!id.equals(value)) {
            exchange.getMessage().setHeader(HEADER, id);
        }
        return id;
    }

    private static String text(Object value) {
        // Kafka headers arrive as bytes
        return value instanceof byte[] bytes ? new String(bytes, StandardCharsets.UTF_8) : value == null ? null : value.toString();
    }
}
