package fr.passerelle.iae.routes.asp;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;


/** Flow {@code asp-upload}: checks every few seconds whether a slot of the upload schedule has come (robust to restarts). */
@Component
public class AspUploadRoute extends RouteBuilder {

    static final String ROUTE = "asp-upload";

    private final AspUploader uploader;

    public AspUploadRoute(AspUploader uploader) {
        this.uploader = uploader;
    }

    @Override
    public void configure() {
        from("timer:asp-upload?period={{passerelle.asp.upload.check-ms}}&delay={{passerelle.asp.upload.check-ms}}")
                .routeId(ROUTE)
                // the uploader has recorded the failure in the flow's state; the next slot tries again
                .onException(Exception.class).handled(true).end()
                .process(e -> uploader.runIfDue());
    }
}
