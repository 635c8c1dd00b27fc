package fr.passerelle.iae.routes.asp;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

import fr.passerelle.iae.registry.fichesalarie.AspReturns;
import fr.passerelle.iae.routes.FileQuarantine;
import fr.passerelle.iae.routes.ops.RoutePolicies;

/**
 * Flow {@code asp-returns}: reads ASP's {@code retrait/} for {@code RIAE_FS_<14 digits>_FichierRetour.json} only (the folder
 * also holds files of other ASP flows, left alone), at the slots of the download schedule or on demand.
 */
@Component
public class AspReturnsRoute extends RouteBuilder {

    static final String ROUTE = "asp-returns";

    private final AspReturnsIntake intake;

    public AspReturnsRoute(AspReturnsIntake intake) {
        this.intake = intake;
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
        // a refused file stays in retrait/ (no delete) for the next poll, until FILE-03 holds it back; after a fault of
        // the hub (database down…) the transaction rolled back and the file stays, taken again
        from(AspSftp.retrait().include("RIAE_FS_[0-9]{14}_FichierRetour\\.json").with("delete=true").inNameOrder()
                .readLock("{{passerelle.asp.returns.read-lock-min-age-ms}}").workDir("{{passerelle.asp.returns.work-dir}}")
                .pollEvery("{{passerelle.asp.returns.poll-ms}}").poller("aspReturnsPoller")
                .with("pollStrategy=#aspReturnsWindow&filter=#aspReturnsHeldBack").uri())
                .routeId(ROUTE).routeConfigurationId(RoutePolicies.DROP_BOX)
                .process(intake::receive);
    }
}
