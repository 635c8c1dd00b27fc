package fr.passerelle.iae.routes.ops;

/**
 * A flow that runs on its own schedule (a timer, a drop box's poll), so that {@code POST /api/v1/ops/flows/{flow}/run}
 * can also run it at once; the others process messages and requests as they come.
 */
public interface ScheduledFlow extends Flow {

    /** Runs the flow at once on the caller's thread, until it ends, and returns its counts ({@link FlowRunner}). */
    FlowRun runNow();
}
