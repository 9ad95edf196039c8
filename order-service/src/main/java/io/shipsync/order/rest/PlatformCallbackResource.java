package io.shipsync.order.rest;

import io.shipsync.eventing.http.Problem;
import io.shipsync.order.platform.CallbackCrypto.CallbackRejected;
import io.shipsync.order.platform.PushInbox;
import io.shipsync.wechat.PlatformAccount;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

/**
 * WeChat Shop's message push for one shop. No bearer token: the platform proves itself with its
 * signature, verified against the shop's push token before anything is stored.
 */
@Path("/callbacks/wechat/{shopId}")
@PermitAll
@Tag(name = "platform callbacks")
public class PlatformCallbackResource {

    private static final Logger LOG = Logger.getLogger(PlatformCallbackResource.class);

    private final PushInbox inbox;

    PlatformCallbackResource(PushInbox inbox) {
        this.inbox = inbox;
    }

    /** URL verification when the push URL is configured in the shop's back office. */
    @GET
    @Produces(MediaType.TEXT_PLAIN)
    public Response verify(@PathParam("shopId") String shopId, @QueryParam("signature") String signature,
                           @QueryParam("timestamp") String timestamp, @QueryParam("nonce") String nonce,
                           @QueryParam("echostr") String echostr) {
        PlatformAccount account = account(shopId);
        if (account == null) {
            return unknownShop(shopId);
        }
        try {
            return Response.ok(inbox.verifyUrl(account, signature, timestamp, nonce, echostr)).build();
        } catch (CallbackRejected e) {
            return rejected(shopId, e);
        }
    }

    /** A push (安全模式, JSON): stored, then answered {@code success}; processed afterwards. */
    @POST
    @Consumes({MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN, MediaType.WILDCARD})
    @Produces(MediaType.TEXT_PLAIN)
    public Response push(@PathParam("shopId") String shopId, @QueryParam("msg_signature") String msgSignature,
                         @QueryParam("timestamp") String timestamp, @QueryParam("nonce") String nonce,
                         @QueryParam("encrypt_type") String encryptType, String body) {
        PlatformAccount account = account(shopId);
        if (account == null) {
            return unknownShop(shopId);
        }
        try {
            inbox.accept(account, msgSignature, timestamp, nonce, encryptType, body);
            return Response.ok("success").build();
        } catch (CallbackRejected e) {
            return rejected(shopId, e);
        }
    }

    private static PlatformAccount account(String shopId) {
        return PlatformAccount.<PlatformAccount>findByIdOptional(shopId).orElse(null);
    }

    private static Response unknownShop(String shopId) {
        return Problem.of(404, "Unknown shop", "No WeChat Shop account is configured for shop " + shopId + ".").toResponse();
    }

    private static Response rejected(String shopId, CallbackRejected e) {
        LOG.warnf("Refused a push for shop %s: %s", shopId, e.getMessage());
        return Problem.of(401, "Push refused", e.getMessage()).toResponse();
    }
}
