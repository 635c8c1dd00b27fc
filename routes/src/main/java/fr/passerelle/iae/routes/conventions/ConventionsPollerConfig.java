package fr.passerelle.iae.routes.conventions;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The one thread that polls the conventions drop box, scheduled or on demand (see ConventionsFlow). */
@Configuration(proxyBeanMethods = false)
class ConventionsPollerConfig {

    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService conventionsPoller() {
        return Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "conventions-poller");
            thread.setDaemon(true);
            return thread;
        });
    }
}
