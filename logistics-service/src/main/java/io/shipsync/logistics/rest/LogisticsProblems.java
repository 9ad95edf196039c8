package io.shipsync.logistics.rest;

import io.shipsync.eventing.http.Problem;
import io.shipsync.logistics.AlreadyDeclared;
import io.shipsync.logistics.HeldOrders;
import io.shipsync.logistics.InvalidSettings;
import io.shipsync.logistics.NotPrintable;
import io.shipsync.logistics.UnknownSubject;
import io.shipsync.trackingfeed.PushRefused;
import io.shipsync.wechat.EwaybillApi;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/** Logistics' refusals as {@link Problem} (application/problem+json), the status saying which kind each is. */
public class LogisticsProblems {

    @ServerExceptionMapper
    public Response unknown(UnknownSubject e, UriInfo uri) {
        return Problem.of(404, "Not found", e.getMessage()).withInstance(uri.getPath()).toResponse();
    }

    /** A push the feed did not sign, or that is not the feed's: nothing was stored. */
    @ServerExceptionMapper
    public Response refusedPush(PushRefused e, UriInfo uri) {
        return Problem.of(400, "Push refused", e.getMessage()).withInstance(uri.getPath()).toResponse();
    }

    @ServerExceptionMapper
    public Response invalid(InvalidSettings e, UriInfo uri) {
        return Problem.of(400, "Invalid carrier settings", e.getMessage()).withInstance(uri.getPath()).toResponse();
    }

    @ServerExceptionMapper
    public Response notPrintable(NotPrintable e, UriInfo uri) {
        return Problem.of(409, "Conflict", e.getMessage()).withInstance(uri.getPath()).toResponse();
    }

    /** Each held order named, with its hold, as a field error keyed by the order id. */
    @ServerExceptionMapper
    public Response held(HeldOrders e, UriInfo uri) {
        return Problem.of(409, "Held orders can't be printed", e.getMessage())
                .withErrors(e.held().stream().map(o -> new Problem.FieldError(o.orderId(),
                        o.hold().reason() + ": " + o.hold().detail())).toList())
                .withInstance(uri.getPath()).toResponse();
    }

    /**
     * WeChat Shop refused an e-waybill call made for the request (e.g. 40013 invalid appid: the shop's account is
     * wrong): retrying cannot help, so the caller hears the platform's errcode and errmsg.
     */
    @ServerExceptionMapper
    public Response refused(EwaybillApi.Refused e, UriInfo uri) {
        return Problem.of(409, "Refused by WeChat Shop", e.getMessage()).withInstance(uri.getPath()).toResponse();
    }

    /** The declaration that blocks the cancel, named. */
    @ServerExceptionMapper
    public Response declared(AlreadyDeclared e, UriInfo uri) {
        return Problem.of(409, "Already declared", e.getMessage())
                .withErrors(List.of(new Problem.FieldError("trackingNumber",
                        e.waybill().trackingNumber() + " declared at " + e.waybill().declaredAt())))
                .withInstance(uri.getPath()).toResponse();
    }
}
