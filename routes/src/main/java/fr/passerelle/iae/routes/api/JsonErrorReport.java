package fr.passerelle.iae.routes.api;

import java.io.IOException;
import java.io.Writer;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.core.StandardHost;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.ActionCode;
import org.springframework.boot.web.embedded.tomcat.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * What Tomcat itself refuses before any application code runs (a path with {@code %00}, an encoded slash, bad
 * percent-encoding or UTF-8, a malformed request) is answered in API.md's error shape, naming the rule
 * {@code HTTP-REQUEST}, instead of Tomcat's HTML page that echoes the request.
 */
public class JsonErrorReport extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int status = response.getStatus();
        if (status < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        AtomicBoolean io = new AtomicBoolean(false);
        response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, io);
        if (!io.get()) {
            return;
        }
        boolean fault = status >= 500;
        try {
            response.setContentType("application/json");
            response.setCharacterEncoding("UTF-8");
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write("{\"code\":\"" + (fault ? "INTERNAL_ERROR" : "INVALID_REQUEST") + "\",\"message\":\""
                        + (fault ? "Erreur interne de la passerelle." : "Requête HTTP refusée (chemin, encodage ou en-têtes invalides).")
                        + "\",\"field\":null,\"details\":{\"rule\":\"" + (fault ? "API-FAULT" : "HTTP-REQUEST") + "\",\"status\":"
                        + status + "}}");
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the client is gone: nothing more to say to it
        }
    }

    /** Installs it as the host's error report, in place of Tomcat's HTML one. */
    @Configuration(proxyBeanMethods = false)
    static class Installation {
        @Bean
        WebServerFactoryCustomizer<TomcatServletWebServerFactory> jsonErrorReport() {
            return factory -> factory.addContextCustomizers(context -> {
                if (context.getParent() instanceof StandardHost host) {
                    host.setErrorReportValveClass(JsonErrorReport.class.getName());
                }
            });
        }
    }
}
