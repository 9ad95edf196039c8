package io.shipsync.eventing.secrets.rest;

import io.quarkus.security.identity.SecurityIdentity;
import io.shipsync.eventing.secrets.SealedSecrets;
import io.shipsync.eventing.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;

/**
 * This service's sealed secrets, for the operator running ShipSync ({@code system} role: they belong to the service,
 * not to one shop): values per key id, and rotation to the active key. {@code ./shipsync rotate-secrets} calls it.
 * Counts only: no value, sealed or not, ever leaves through here.
 */
@Path("/api/system/secrets")
@Tag(name = "Secrets")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.SYSTEM)
public class SecretsResource {

    private static final Logger LOG = Logger.getLogger(SecretsResource.class);

    private final SealedSecrets secrets;
    private final SecurityIdentity identity;

    SecretsResource(SealedSecrets secrets, SecurityIdentity identity) {
        this.secrets = secrets;
        this.identity = identity;
    }

    @GET
    @Operation(summary = "Sealed values per column and key id, and any not sealed; a key can go once no value names it")
    public SealedSecrets.Status status() {
        return secrets.status();
    }

    @POST
    @Path("/rotate")
    @Operation(summary = "Re-seal every stored secret under the active key, in one transaction; counts per column")
    public SealedSecrets.Rotation rotate() {
        SealedSecrets.Rotation rotation = secrets.rotate();
        LOG.infof("secrets re-sealed under key %s by %s: %s", rotation.activeKey(), identity.getPrincipal().getName(),
                rotation.columns());
        return rotation;
    }
}
