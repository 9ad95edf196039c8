package io.shipsync.logistics.rest;

import io.shipsync.eventing.http.Problem;
import io.shipsync.eventing.security.Roles;
import io.shipsync.eventing.security.ShopAccess;
import io.shipsync.logistics.AccountHealth;
import io.shipsync.logistics.CarrierAccount;
import io.shipsync.logistics.CarrierSettings;
import io.shipsync.logistics.Carriers;
import io.shipsync.logistics.CarrierRepository;
import io.shipsync.logistics.UnknownSubject;
import jakarta.annotation.security.RolesAllowed;
import jakarta.transaction.Transactional;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/** A shop's carriers (default and backup) and its e-waybill accounts with their health (接口测试). */
@Path("/api/shops/{shopId}")
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "carriers")
@SecurityRequirement(name = "jwt")
public class CarrierResource {

    private final Carriers carriers;
    private final CarrierRepository repository;
    private final AccountHealth health;
    private final ShopAccess access;
    private final JsonWebToken caller;

    CarrierResource(Carriers carriers, CarrierRepository repository, AccountHealth health, ShopAccess access,
                    JsonWebToken caller) {
        this.carriers = carriers;
        this.repository = repository;
        this.health = health;
        this.access = access;
        this.caller = caller;
    }

    /** Carriers as WeChat delivery_ids (SF, ZTO, …); the balance threshold in waybills, the configured one when absent. */
    public record Settings(@NotEmpty @Size(max = 20) List<@NotBlank String> enabledCarriers, @NotBlank String defaultCarrier,
                           String backupCarrier, @PositiveOrZero Long balanceThreshold) {
    }

    public record Template(@NotBlank @Size(max = 64) String templateId) {
    }

    @GET
    @Path("/carriers")
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    @APIResponse(responseCode = "404", description = "No settings yet", content = @Content(mediaType = Problem.MEDIA_TYPE))
    public CarrierSettings settings(@PathParam("shopId") String shopId) {
        access.require(shopId);
        return carriers.require(shopId);
    }

    @PUT
    @Path("/carriers")
    @RolesAllowed(Roles.ADMIN)
    @APIResponse(responseCode = "400", description = "Unknown or inconsistent carriers", content = @Content(mediaType = Problem.MEDIA_TYPE))
    @Consumes(MediaType.APPLICATION_JSON)
    public CarrierSettings save(@PathParam("shopId") String shopId, @Valid @NotNull Settings settings) {
        access.require(shopId);
        return carriers.save(shopId, settings.enabledCarriers(), settings.defaultCarrier(), settings.backupCarrier(),
                settings.balanceThreshold(), caller.getName());
    }

    /** The accounts as the last check found them. */
    @GET
    @Path("/carrier-accounts")
    @RolesAllowed({Roles.VIEWER, Roles.OPERATOR, Roles.ADMIN})
    @Transactional
    public List<CarrierAccount> accounts(@PathParam("shopId") String shopId) {
        access.require(shopId);
        return repository.accounts(shopId);
    }

    /** 接口测试: asks the platform now; each account's state changes are announced (CarrierAccountChanged). */
    @POST
    @Path("/carrier-accounts/check")
    @RolesAllowed({Roles.OPERATOR, Roles.ADMIN})
    public List<CarrierAccount> check(@PathParam("shopId") String shopId) {
        access.require(shopId);
        return health.check(shopId);
    }

    /** The label template (template_id) an account's waybills print with. */
    @PUT
    @Path("/carrier-accounts/{carrierCode}/{accountId}/template")
    @RolesAllowed(Roles.ADMIN)
    @Transactional
    @Consumes(MediaType.APPLICATION_JSON)
    public CarrierAccount template(@PathParam("shopId") String shopId, @PathParam("carrierCode") String carrierCode,
                                   @PathParam("accountId") String accountId, @Valid @NotNull Template template) {
        access.require(shopId);
        if (!repository.template(shopId, carrierCode, accountId, template.templateId())) {
            throw new UnknownSubject("shop " + shopId + " has no " + carrierCode + " e-waybill account " + accountId);
        }
        return repository.account(shopId, carrierCode, accountId).orElseThrow();
    }
}
