package io.shipsync.alerting.rest;

import io.shipsync.alerting.AlertNotOpen;
import io.shipsync.alerting.CarrierSwitchRefused;
import io.shipsync.alerting.InvalidRuleSettings;
import io.shipsync.alerting.LogisticsUnavailable;
import io.shipsync.alerting.NotAParcelDelayAlert;
import io.shipsync.alerting.TaskNotOpen;
import io.shipsync.alerting.UnknownAlert;
import io.shipsync.alerting.UnknownTask;
import io.shipsync.alerting.kpi.InvalidPeriod;
import io.shipsync.alerting.notify.InvalidChannel;
import io.shipsync.alerting.notify.UnknownChannel;
import io.shipsync.alerting.report.UnknownReport;
import io.shipsync.eventing.http.Problem;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** alerting-service's refusals as {@link Problem} (application/problem+json), the status saying which kind each is. */
public class AlertingProblems {

    @ServerExceptionMapper
    public Response unknown(UnknownAlert e, UriInfo uri) {
        return problem(404, "Not found", e, uri);
    }

    @ServerExceptionMapper
    public Response invalid(InvalidRuleSettings e, UriInfo uri) {
        return problem(400, "Bad request", e, uri);
    }

    @ServerExceptionMapper
    public Response unknownChannel(UnknownChannel e, UriInfo uri) {
        return problem(404, "Not found", e, uri);
    }

    @ServerExceptionMapper
    public Response invalidChannel(InvalidChannel e, UriInfo uri) {
        return problem(400, "Bad request", e, uri);
    }

    @ServerExceptionMapper
    public Response invalidPeriod(InvalidPeriod e, UriInfo uri) {
        return problem(400, "Bad request", e, uri);
    }

    @ServerExceptionMapper
    public Response unknownReport(UnknownReport e, UriInfo uri) {
        return problem(404, "Not found", e, uri);
    }

    @ServerExceptionMapper
    public Response conflict(AlertNotOpen e, UriInfo uri) {
        return problem(409, "Conflict", e, uri);
    }

    @ServerExceptionMapper
    public Response unknownTask(UnknownTask e, UriInfo uri) {
        return problem(404, "Not found", e, uri);
    }

    @ServerExceptionMapper
    public Response taskNotOpen(TaskNotOpen e, UriInfo uri) {
        return problem(409, "Conflict", e, uri);
    }

    @ServerExceptionMapper
    public Response notAParcelDelayAlert(NotAParcelDelayAlert e, UriInfo uri) {
        return problem(409, "Conflict", e, uri);
    }

    /** logistics-service's refusal keeps its status: 404 it does not watch the number, 409 picked up or no backup. */
    @ServerExceptionMapper
    public Response carrierSwitchRefused(CarrierSwitchRefused e, UriInfo uri) {
        String title = e.status() == 404 ? "Not found" : e.status() == 409 ? "Conflict" : "Refused by logistics-service";
        return problem(e.status(), title, e, uri);
    }

    @ServerExceptionMapper
    public Response logisticsUnavailable(LogisticsUnavailable e, UriInfo uri) {
        return problem(503, "Service unavailable", e, uri);
    }

    private static Response problem(int status, String title, RuntimeException e, UriInfo uri) {
        return Problem.of(status, title, e.getMessage()).withInstance(uri.getPath()).toResponse();
    }
}
