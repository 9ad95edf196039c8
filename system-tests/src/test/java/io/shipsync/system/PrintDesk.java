package io.shipsync.system;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.shipsync.system.ServiceApi.Reply;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * logistics-service's 打单 desk as an operator of one shop works it over HTTP: the shop's carriers and e-waybill
 * accounts, the print queue, print runs, and the waybills they took.
 */
final class PrintDesk {

    private final ServiceApi api;

    PrintDesk(ServiceApi api) {
        this.api = api;
    }

    ServiceApi api() {
        return api;
    }

    /** Registers the shop's WeChat Shop account, as an admin does, so logistics-service can call the platform for it. */
    void connect(String appId, String appSecret, String pushToken, String aesKey) throws IOException {
        ObjectNode account = ServiceApi.JSON.createObjectNode().put("appId", appId).put("appSecret", appSecret)
                .put("pushToken", pushToken).put("encodingAesKey", aesKey);
        expect(api.putAsAdmin("/platform-account", account), 200, "the shop's platform account");
    }

    /** SF by default, ZTO enabled too, and the accounts checked (接口测试): a run takes numbers only from a checked account. */
    void useSfAndZto() throws IOException {
        ObjectNode settings = ServiceApi.JSON.createObjectNode().put("defaultCarrier", "SF").put("backupCarrier", "ZTO");
        settings.putArray("enabledCarriers").add("SF").add("ZTO");
        expect(api.putAsAdmin("/carriers", settings), 200, "carrier settings");
        Reply checked = expect(api.post("/carrier-accounts/check", ServiceApi.JSON.createObjectNode()), 200, "account check");
        List<String> sf = new ArrayList<>();
        checked.body().forEach(account -> {
            if (account.path("carrierCode").asText().equals("SF")) {
                sf.add(account.path("state").asText());
            }
        });
        assertThat(sf).as("the shop's SF account as checked").containsExactly("AUTHORIZED");
    }

    /** How many orders wait in the print queue (待打单). */
    long waiting() throws IOException {
        return expect(api.get("/print-queue?size=1"), 200, "print queue").body().path("total").asLong();
    }

    JsonNode queued(String orderId) throws IOException {
        return expect(api.get("/print-queue/" + orderId), 200, "queued order " + orderId).body();
    }

    /** Starts a print run over the orders with the shop's default carrier; the run's id. */
    String startRun(List<String> orderIds) throws IOException {
        ObjectNode body = ServiceApi.JSON.createObjectNode();
        orderIds.forEach(body.putArray("orderIds")::add);
        return expect(api.post("/print-runs", body), 202, "print run").body().path("runId").asText();
    }

    /** The run's progress: {@code taken}, {@code failed}, {@code remaining}. */
    JsonNode progress(String runId) throws IOException {
        return expect(api.get("/print-runs/" + runId), 200, "print run " + runId).body().path("progress");
    }

    /** The run's waybills in label order. */
    List<JsonNode> waybills(String runId) throws IOException {
        List<JsonNode> waybills = new ArrayList<>();
        expect(api.get("/print-runs/" + runId + "/waybills?size=1000"), 200, "waybills of " + runId).body().path("items")
                .forEach(waybills::add);
        return waybills;
    }

    /** The labels came out of the printer: every waybill of the run with a number is recorded printed (WaybillPrinted). */
    List<JsonNode> printed(String runId) throws IOException {
        List<JsonNode> printed = new ArrayList<>();
        expect(api.post("/print-runs/" + runId + "/printed", ServiceApi.JSON.createObjectNode()), 200, "printed " + runId).body()
                .forEach(printed::add);
        return printed;
    }

    JsonNode waybill(long waybillId) throws IOException {
        return expect(api.get("/waybills/" + waybillId), 200, "waybill " + waybillId).body();
    }

    /** 取消面单: the answer as it is, refusals included. */
    Reply cancel(long waybillId, String reason) throws IOException {
        return api.post("/waybills/" + waybillId + "/cancel", ServiceApi.JSON.createObjectNode().put("reason", reason));
    }

    private static Reply expect(Reply reply, int status, String what) {
        assertThat(reply.status()).as(what + ": " + reply.problem()).isEqualTo(status);
        return reply;
    }
}
