package io.shipsync.wechat.rest;

import io.shipsync.eventing.http.ProblemException;
import io.shipsync.eventing.security.Roles;
import io.shipsync.eventing.security.ShopAccess;
import io.shipsync.wechat.PlatformAccount;
import io.shipsync.wechat.PlatformSecrets;
import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A shop's WeChat Shop account: what a service needs to call the API, and what order-service needs to verify pushes. */
@Path("/api/shops/{shopId}/platform-account")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
@Tag(name = "shops")
@SecurityRequirement(name = "jwt")
public class PlatformAccountResource {

    private final ShopAccess access;
    private final PlatformSecrets secrets;
    private final Clock clock;

    PlatformAccountResource(ShopAccess access, PlatformSecrets secrets, Clock clock) {
        this.access = access;
        this.secrets = secrets;
        this.clock = clock;
    }

    /** Credentials as configured in the shop's back office (服务市场 → 自研 → 消息推送). */
    public record AccountRequest(
            @NotBlank @Size(max = 64) String appId,
            @NotBlank @Size(max = 128) String appSecret,
            @NotBlank @Size(min = 3, max = 32) @Pattern(regexp = "[A-Za-z0-9]+", message = "letters and digits only") String pushToken,
            @NotNull @Pattern(regexp = "[A-Za-z0-9]{43}", message = "must be 43 letters and digits") String encodingAesKey) {

        /** A record prints every component; this one would print the secrets into whatever logs it. */
        @Override
        public String toString() {
            return "AccountRequest[appId=" + appId + ", appSecret=***, pushToken=***, encodingAesKey=***]";
        }
    }

    /** Secrets are never shown again once stored (they are stored sealed). */
    public record AccountView(String shopId, String appId, String pushCallbackPath, Instant updatedAt) {
        static AccountView of(PlatformAccount account) {
            return new AccountView(account.shopId, account.appId, "/callbacks/wechat/" + account.shopId, account.updatedAt);
        }
    }

    @PUT
    @RolesAllowed(Roles.ADMIN)
    @Transactional
    public AccountView configure(@PathParam("shopId") String shopId, @Valid @NotNull AccountRequest request) {
        access.require(shopId);
        PlatformAccount account = PlatformAccount.<PlatformAccount>findByIdOptional(shopId).orElseGet(PlatformAccount::new);
        PlatformAccount sameApp = PlatformAccount.<PlatformAccount>find("appId", request.appId()).firstResult();
        if (sameApp != null && !sameApp.shopId.equals(shopId)) {
            throw ProblemException.conflict("appid " + request.appId() + " already belongs to another shop.");
        }
        account.shopId = shopId;
        account.appId = request.appId();
        secrets.store(account, request.appSecret(), request.pushToken(), request.encodingAesKey());
        account.updatedAt = clock.instant();
        account.persist();
        // A token fetched with other credentials must not be used for the new ones.
        PlatformAccount.getEntityManager().createNativeQuery("DELETE FROM platform_access_tokens WHERE shop_id = ?1")
                .setParameter(1, shopId).executeUpdate();
        return AccountView.of(account);
    }

    @GET
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    public AccountView get(@PathParam("shopId") String shopId) {
        access.require(shopId);
        return PlatformAccount.<PlatformAccount>findByIdOptional(shopId).map(AccountView::of)
                .orElseThrow(() -> ProblemException.notFound("Shop " + shopId + " has no WeChat Shop account configured."));
    }
}
