package fr.passerelle.iae.routes.asp;

import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

import fr.passerelle.iae.registry.fichesalarie.AspReturns;
import fr.passerelle.iae.registry.journal.FlowStates;
import fr.passerelle.iae.routes.FileQuarantine;

/**
 * Flow {@code asp-returns}: reads ASP's {@code retrait/} for {@code RIAE_FS_<14 digits>_FichierRetour.json} only (the folder
 * also holds files of other ASP flows, left alone), at the slots of the download schedule or on demand.
 */
@Component
public class AspReturnsRoute extends RouteBuilder {

    static final String ROUTE = "asp-returns";

    private final AspReturnsIntake intake;
    private final FlowStates flows;

    public AspReturnsRoute(AspReturnsIntake intake, FlowStates flows) {
        this.intake = intake;
        this.flows = flows;
    }

    /** Return files refused too often in a row (FILE-03) are no longer downloaded; they stay in ASP's folder. */
    @Component("aspReturnsHeldBack")
    static class HeldBack implements org.apache.camel.component.file.GenericFileFilter<Object> {

        private final FileQuarantine quarantine;

        HeldBack(FileQuarantine quarantine) {
            this.quarantine = quarantine;
        }

        @Override
        public boolean accept(org.apache.camel.component.file.GenericFile<Object> file) {
            return file.isDirectory() || !quarantine.heldBack(AspReturns.FLOW, file.getFileNameOnly(), file.getFileLength());
        }
    }

    @Override
    public void configure() {
        // a refused file: its reason is journalled; it stays in retrait/ (no delete) for the next poll, until FILE-03 holds it back
        onException(ReturnFileLeftInPlace.class)
                .handled(false).logExhausted(false).logStackTrace(false)
                .log(LoggingLevel.DEBUG, "asp-returns: ${exception.message}");
        // a fault of the hub (database down…): the transaction rolled back, the file stays and is taken again
        onException(Exception.class)
                .handled(false).logStackTrace(true)
                .process(e -> flows.failure(AspReturns.FLOW, e.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class).toString()));

        from(AspSftp.retrait("include=RAW(RIAE_FS_[0-9]{14}_FichierRetour\\.json)&delete=true&sortBy=file:name"
                + "&readLock=changed&readLockMinAge={{passerelle.asp.returns.read-lock-min-age-ms}}&readLockCheckInterval=500"
                + "&readLockTimeout=60000&readLockMinLength=0&localWorkDirectory={{passerelle.asp.returns.work-dir}}"
                + "&initialDelay=0&delay={{passerelle.asp.returns.poll-ms}}&pollStrategy=#aspReturnsWindow"
                + "&scheduledExecutorService=#aspReturnsPoller&bridgeErrorHandler=true&filter=#aspReturnsHeldBack"))
                .routeId(ROUTE)
                .process(intake::receive);
    }
}
