package io.shipsync.alerting;

/**
 * logistics-service refused the switch to the backup carrier (切换备用快递), e.g. 409 once the carrier has scanned the
 * parcel or without a backup carrier, 404 for a number it does not watch: its status and reason, passed on.
 */
public class CarrierSwitchRefused extends RuntimeException {

    private final int status;

    public CarrierSwitchRefused(int status, String reason) {
        super("logistics-service refused the switch (" + status + "): " + reason);
        this.status = status;
    }

    public int status() {
        return status;
    }
}
