package io.shipsync.order.rest;

import io.shipsync.eventing.http.Problem;
import io.shipsync.order.platform.CallbackCrypto.CallbackRejected;
import io.shipsync.order.platform.CallbackCrypto.CallbackRejected.Reason;
import io.shipsync.order.platform.PushInbox;
import io.shipsync.order.platform.PushRefusals;
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
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * WeChat Shop's message push for one shop. No bearer token: the platform proves itself with its
 * signature, verified against the shop's push token before anything is stored. Every refusal gets the same
 * answer, whatever its reason (an unknown shop included); the reasons go to {@link PushRefusals}.
 */
@Path(PlatformCallbackResource.PATH + "{shopId}")
@PermitAll
@Tag(name = "platform callbacks")
public class PlatformCallbackResource {

    static final String PATH = "/callbacks/wechat/";
    /** A push envelope is a few KiB: anything near this is not the platform's. */
    public static final int MAX_BODY_BYTES = 64 * 1024;

    private final PushInbox inbox;
    private final PushRefusals refusals;

    PlatformCallbackResource(PushInbox inbox, PushRefusals refusals) {
        this.inbox = inbox;
        this.refusals = refusals;
    }

    /** URL verification when the push URL is configured in the shop's back office. */
    @GET
    @Produces(MediaType.TEXT_PLAIN)
    public Response verify(@PathParam("shopId") String shopId, @QueryParam("signature") String signature,
                           @QueryParam("timestamp") String timestamp, @QueryParam("nonce") String nonce,
                           @QueryParam("echostr") String echostr) {
        try {
            return Response.ok(inbox.verifyUrl(shopId, signature, timestamp, nonce, echostr)).build();
        } catch (CallbackRejected e) {
            return refused(e.reason());
        }
    }

    /** A push (安全模式, JSON): stored, then answered {@code success}; processed afterwards. */
    @POST
    @Consumes({MediaType.APPLICATION_JSON, MediaType.TEXT_PLAIN, MediaType.WILDCARD})
    @Produces(MediaType.TEXT_PLAIN)
    public Response push(@PathParam("shopId") String shopId, @QueryParam("msg_signature") String msgSignature,
                         @QueryParam("timestamp") String timestamp, @QueryParam("nonce") String nonce,
                         @QueryParam("encrypt_type") String encryptType, InputStream body) throws IOException {
        // Capped read: a body without Content-Length (chunked) is cut off at the limit, never buffered whole.
        byte[] bytes = body.readNBytes(MAX_BODY_BYTES + 1);
        if (bytes.length > MAX_BODY_BYTES) {
            return tooLarge(refusals);
        }
        try {
            inbox.accept(shopId, msgSignature, timestamp, nonce, encryptType, new String(bytes, StandardCharsets.UTF_8));
            return Response.ok("success").build();
        } catch (CallbackRejected e) {
            return refused(e.reason());
        }
    }

    private Response refused(Reason reason) {
        refusals.count(reason);
        return refusal();
    }

    /** The one answer to every refused push or verification, byte for byte. */
    static Response refusal() {
        return Problem.of(401, "Push refused", "The callback could not be verified.").toResponse();
    }

    static Response tooLarge(PushRefusals refusals) {
        refusals.count(Reason.TOO_LARGE);
        return Problem.of(413, "Payload too large", "A push body is at most " + MAX_BODY_BYTES + " bytes.").toResponse();
    }
}
