package fr.passerelle.iae.routes.asp;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.apache.camel.CamelContext;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import fr.passerelle.iae.registry.journal.FlowCatalogue;
import fr.passerelle.iae.registry.fichesalarie.AspReturns;
import fr.passerelle.iae.registry.fichesalarie.AspUploads;
import fr.passerelle.iae.registry.fichesalarie.HiresAwaitingConvention;
import fr.passerelle.iae.routes.ops.Flow;
import fr.passerelle.iae.routes.ops.ScheduledFlow;
import fr.passerelle.iae.routes.ops.PollNow;

/** The three ASP fiche salarié flows as operations see them: {@code hires}, {@code asp-upload}, {@code asp-returns}. */
@Configuration(proxyBeanMethods = false)
class AspFlows {

    /** The one thread that polls {@code retrait/}, scheduled or on demand (an SFTP consumer is not thread-safe). */
    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService aspReturnsPoller() {
        return Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "asp-returns-poller");
            thread.setDaemon(true);
            return thread;
        });
    }

    @Bean
    Flow hiresFlow(HiresAwaitingConvention waiting) {
        return new Flow() {
            @Override
            public FlowCatalogue entry() {
                return FlowCatalogue.HIRES;
            }

            @Override
            public List<String> routeIds() {
                return HiresRoute.ROUTE_IDS;
            }

            /** Hires with a PASS whose fiche salarié waits for their employer's convention (FS-01). */
            @Override
            public long backlog() {
                return waiting.count();
            }
        };
    }

    @Bean
    Flow aspUploadFlow(AspUploader uploader, AspUploads uploads) {
        return new ScheduledFlow() {
            @Override
            public FlowCatalogue entry() {
                return FlowCatalogue.ASP_UPLOAD;
            }

            @Override
            public List<String> routeIds() {
                return List.of(AspUploadRoute.ROUTE);
            }

            @Override
            public long backlog() {
                return uploads.backlog();
            }


            @Override
            public FlowRun runNow() {
                return new FlowRun(uploader.runNow().lines(), 0);
            }
        };
    }

    @Bean
    Flow aspReturnsFlow(CamelContext camel, @Qualifier("aspReturnsPoller") ScheduledExecutorService poller, AspReturnsWindow window,
                        AspReturnsIntake intake, AspReturns returns) {
        return new ScheduledFlow() {
            @Override
            public FlowCatalogue entry() {
                return FlowCatalogue.ASP_RETURNS;
            }

            @Override
            public List<String> routeIds() {
                return List.of(AspReturnsRoute.ROUTE);
            }

            /** Return files refused and waiting in retrait/ for an operator or a later poll. */
            @Override
            public long backlog() {
                return returns.refusedWaiting();
            }


            /** Polls {@code retrait/} at once, whatever ASP's schedule. */
            @Override
            public FlowRun runNow() {
                return PollNow.poll(camel, AspReturnsRoute.ROUTE, poller, Duration.ofMinutes(30), intake::totals, window::request);
            }
        };
    }
}
