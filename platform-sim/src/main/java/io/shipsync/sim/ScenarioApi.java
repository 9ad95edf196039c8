package io.shipsync.sim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * The scenario API under {@code /sim}: the {@link PlatformSim} methods as JSON over HTTP, for the demo and
 * non-Java callers. Bodies use the Java records' camelCase names; push events use their wire names.
 * Errors: 400 bad input, 404 unknown shop/order/route, 409 not allowed in the current state.
 */
final class ScenarioApi {

    record CallbackBody(String callbackUrl) {
    }

    record StockBody(String productId, String skuId, int stock) {
    }

    record CancelBody(Integer cancelType) {
    }

    record PushBody(PushEvent event, Integer times, Map<String, Object> fields) {
    }

    record ReversedBody(PushEvent earlier, PushEvent later) {
    }

    record PrintFailureBody(Integer tasks, String failureReason) {
    }

    record ScriptBody(TrackingScript script) {
    }

    record KeyExpiredBody(boolean expired) {
    }

    record AutomaticBody(boolean automatic) {
    }

    record TimesBody(Integer times) {
    }

    record RobotBody(String key) {
    }

    record WebhookBody(String name, String secret) {
    }

    record SmsAccountBody(String secretId, String secretKey, String sdkAppId, String signName) {
    }

    record DownBody(String target, Integer requests) {
    }

    record VirtualNumberBody(String virtualNumber, String extension) {
    }

    private record Reply(int status, Object body) {
    }

    private final PlatformSim sim;

    ScenarioApi(PlatformSim sim) {
        this.sim = sim;
    }

    void handle(HttpExchange exchange) throws IOException {
        String method = exchange.getRequestMethod();
        List<String> path = Arrays.stream(exchange.getRequestURI().getPath().split("/"))
                .filter(s -> !s.isEmpty()).skip(1).toList();
        Map<String, String> query = Http.query(exchange);
        String body = Http.body(exchange);
        if (method.equals("GET") && path.isEmpty() && accepts(exchange, "text/html")) {
            Http.send(exchange, 200, "text/html; charset=utf-8", html(Json.pretty(sim.snapshot())));
            return;
        }
        Reply reply;
        try {
            reply = dispatch(method, path, query, body);
        } catch (IllegalArgumentException e) {
            reply = error(400, e.getMessage());
        } catch (JsonProcessingException e) {
            boolean invalid = e instanceof JsonMappingException && e.getCause() instanceof IllegalArgumentException;
            reply = error(400, invalid ? e.getCause().getMessage() : "bad JSON: " + e.getOriginalMessage());
        } catch (NoSuchElementException e) {
            reply = error(404, e.getMessage());
        } catch (IllegalStateException e) {
            reply = error(409, e.getMessage());
        }
        Http.send(exchange, reply.status(), Http.JSON, Json.pretty(reply.body()));
    }

    private Reply dispatch(String method, List<String> p, Map<String, String> query, String body)
            throws JsonProcessingException {
        String route = method + " " + shape(p);
        switch (route) {
            case "GET " -> {
                return ok(sim.snapshot());
            }
            case "POST reset" -> {
                sim.reset();
                return ok(Map.of("reset", true));
            }
            case "POST shops" -> {
                ShopSpec shop = read(body, ShopSpec.class);
                sim.createShop(shop);
                return new Reply(201, shop);
            }
            case "GET shops" -> {
                return ok(sim.shops());
            }
            case "PUT shops/*/callback" -> {
                sim.setCallbackUrl(p.get(1), read(body, CallbackBody.class).callbackUrl());
                return ok(Map.of("shopId", p.get(1)));
            }
            case "POST shops/*/verify-callback" -> {
                return ok(sim.verifyCallback(p.get(1)));
            }
            case "POST shops/*/products" -> {
                ProductSpec product = read(body, ProductSpec.class);
                sim.addProduct(p.get(1), product);
                return new Reply(201, product);
            }
            case "GET shops/*/products" -> {
                return ok(sim.products(p.get(1)));
            }
            case "PUT shops/*/stock" -> {
                StockBody stock = read(body, StockBody.class);
                sim.setStock(p.get(1), stock.productId(), stock.skuId(), stock.stock());
                return ok(stock);
            }
            case "GET shops/*/stock" -> {
                String productId = Require.text(query.get("productId"), "productId");
                String skuId = Require.text(query.get("skuId"), "skuId");
                return ok(new StockBody(productId, skuId, sim.stock(p.get(1), productId, skuId)));
            }
            case "POST shops/*/orders" -> {
                OrderSpec order = read(body, OrderSpec.class);
                boolean paid = !"false".equals(query.get("paid"));
                return new Reply(201, paid ? sim.createPaidOrder(p.get(1), order) : sim.createOrder(p.get(1), order));
            }
            case "GET shops/*/orders" -> {
                return ok(sim.orders(p.get(1)));
            }
            case "GET shops/*/orders/*" -> {
                return ok(sim.order(p.get(1), p.get(3)));
            }
            case "POST shops/*/orders/*/pay" -> {
                return ok(sim.payOrder(p.get(1), p.get(3)));
            }
            case "POST shops/*/orders/*/cancel" -> {
                Integer cancelType = body.isBlank() ? null : read(body, CancelBody.class).cancelType();
                return ok(sim.cancelOrder(p.get(1), p.get(3), cancelType));
            }
            case "PUT shops/*/orders/*/state" -> {
                return ok(sim.setPlatformOrderState(p.get(1), p.get(3), read(body, OrderStatePatch.class)));
            }
            case "PUT shops/*/orders/*/virtual-number" -> {
                VirtualNumberBody virtual = read(body, VirtualNumberBody.class);
                sim.setVirtualNumber(p.get(1), p.get(3), virtual.virtualNumber(), virtual.extension());
                return ok(virtual);
            }
            case "GET shops/*/kf-messages" -> {
                return ok(limit(sim.kfMessages(p.get(1)), query));
            }
            case "GET kf-messages" -> {
                return ok(limit(sim.kfMessages(), query));
            }
            case "POST shops/*/orders/*/push" -> {
                PushBody push = read(body, PushBody.class);
                return ok(sim.push(p.get(1), p.get(3), Require.present(push.event(), "event"),
                        push.times() == null ? 1 : push.times(), push.fields()));
            }
            case "POST shops/*/orders/*/push-reversed" -> {
                ReversedBody reversed = read(body, ReversedBody.class);
                return ok(sim.pushReversed(p.get(1), p.get(3), Require.present(reversed.earlier(), "earlier"),
                        Require.present(reversed.later(), "later")));
            }
            case "GET calls" -> {
                List<ApiCall> calls = query.containsKey("api") ? sim.calls(query.get("api")) : sim.calls();
                return ok(limit(calls, query));
            }
            case "GET pushes" -> {
                return ok(limit(sim.pushes().stream()
                        .filter(r -> !query.containsKey("shopId") || r.shopId().equals(query.get("shopId")))
                        .filter(r -> !query.containsKey("orderId") || r.orderId().equals(query.get("orderId")))
                        .toList(), query));
            }
            case "GET ewaybills" -> {
                return ok(sim.ewaybills());
            }
            case "GET shops/*/ewaybill-accounts" -> {
                return ok(sim.ewaybillAccounts(p.get(1)));
            }
            case "POST shops/*/ewaybill-accounts" -> {
                return new Reply(201, sim.addEwaybillAccount(p.get(1), read(body, EwaybillAccountSpec.class)));
            }
            case "PUT shops/*/ewaybill-accounts/*" -> {
                return ok(sim.setEwaybillAccount(p.get(1), p.get(3), read(body, EwaybillAccountPatch.class)));
            }
            case "DELETE shops/*/ewaybill-accounts/*" -> {
                sim.removeEwaybillAccount(p.get(1), p.get(3));
                return ok(sim.ewaybillAccounts(p.get(1)));
            }
            case "GET shops/*/risk-holds" -> {
                return ok(sim.riskHolds(p.get(1)));
            }
            case "POST shops/*/risk-holds" -> {
                RiskHold hold = read(body, RiskHold.class);
                sim.holdForRisk(p.get(1), hold);
                return new Reply(201, hold);
            }
            case "DELETE shops/*/risk-holds" -> {
                sim.releaseRiskHolds(p.get(1));
                return ok(sim.riskHolds(p.get(1)));
            }
            case "GET ewaybill-log" -> {
                return ok(limit(sim.ewaybillLog().stream()
                        .filter(c -> !query.containsKey("shopId") || query.get("shopId").equals(c.shopId()))
                        .filter(c -> !query.containsKey("ecOrderId") || c.ecOrderIds().contains(query.get("ecOrderId")))
                        .filter(c -> !query.containsKey("ewaybillOrderId")
                                || query.get("ewaybillOrderId").equals(c.ewaybillOrderId()))
                        .filter(c -> !query.containsKey("action") || query.get("action").equals(c.action()))
                        .toList(), query));
            }
            case "GET print-component" -> {
                return ok(Map.of("url", sim.printComponentUrl(), "version", PrintComponent.VERSION,
                        "printers", List.of(PrintComponent.PRINTER)));
            }
            case "GET print-component/tasks" -> {
                return ok(limit(sim.printedTasks(), query));
            }
            case "POST print-component/failures" -> {
                PrintFailureBody failure = read(body, PrintFailureBody.class);
                sim.failPrintTasks(failure.tasks() == null ? 1 : failure.tasks(), failure.failureReason());
                return new Reply(201, failure);
            }
            case "GET tracking" -> {
                return ok(sim.tracking().subscriptions());
            }
            case "GET tracking/pushes" -> {
                return ok(limit(sim.tracking().pushes().stream()
                        .filter(t -> !query.containsKey("number") || t.number().equals(query.get("number")))
                        .filter(t -> !query.containsKey("feed") || t.feed().equals(query.get("feed")))
                        .toList(), query));
            }
            case "GET tracking/numbers/*" -> {
                return ok(sim.tracking().subscription(p.get(2)));
            }
            case "GET tracking/numbers/*/subscriptions" -> {
                return ok(sim.tracking().subscriptions(p.get(2)));
            }
            case "PUT tracking/numbers/*/script" -> {
                TrackingScript script = Require.present(read(body, ScriptBody.class).script(), "script");
                sim.tracking().script(p.get(2), script);
                return ok(Map.of("number", p.get(2), "script", script));
            }
            case "POST tracking/numbers/*/push-next" -> {
                return ok(sim.tracking().pushNext(p.get(2)));
            }
            case "POST tracking/numbers/*/push-again" -> {
                return ok(sim.tracking().pushAgain(p.get(2)));
            }
            case "POST tracking/numbers/*/push-older" -> {
                return ok(sim.tracking().pushOlder(p.get(2)));
            }
            case "POST tracking/numbers/*/refuse" -> {
                sim.tracking().refuseCarrier(p.get(2));
                return ok(Map.of("number", p.get(2), "refused", true));
            }
            case "PUT tracking/key-expired" -> {
                KeyExpiredBody expired = read(body, KeyExpiredBody.class);
                sim.tracking().setKeyExpired(expired.expired());
                return ok(expired);
            }
            case "PUT tracking/automatic" -> {
                AutomaticBody automatic = read(body, AutomaticBody.class);
                sim.tracking().automatic(automatic.automatic());
                return ok(automatic);
            }
            case "PUT tracking/kdniao-callback" -> {
                CallbackBody callback = read(body, CallbackBody.class);
                sim.tracking().setKdniaoCallbackUrl(callback.callbackUrl());
                return ok(Map.of("callbackUrl", String.valueOf(callback.callbackUrl())));
            }
            case "POST tracking/poll-failures" -> {
                TimesBody times = body.isBlank() ? new TimesBody(1) : read(body, TimesBody.class);
                int n = times.times() == null ? 1 : times.times();
                sim.tracking().failSubscriptions(n);
                return new Reply(201, Map.of("times", n));
            }
            case "GET notifications" -> {
                return ok(limit(sim.notificationsReceived(), query));
            }
            case "POST notifications/wecom-robots" -> {
                RobotBody robot = read(body, RobotBody.class);
                sim.addWeComRobot(robot.key());
                return new Reply(201, robot);
            }
            case "POST notifications/webhooks" -> {
                WebhookBody hook = read(body, WebhookBody.class);
                sim.addWebhook(hook.name(), hook.secret());
                return new Reply(201, Map.of("name", hook.name(), "url", sim.baseUrl() + "/hooks/" + hook.name()));
            }
            case "POST notifications/sms-accounts" -> {
                SmsAccountBody account = read(body, SmsAccountBody.class);
                sim.addSmsAccount(account.secretId(), account.secretKey(), account.sdkAppId(), account.signName());
                return new Reply(201, Map.of("secretId", account.secretId(), "sdkAppId", account.sdkAppId()));
            }
            case "POST notifications/down" -> {
                DownBody down = read(body, DownBody.class);
                int requests = down.requests() == null ? 1 : down.requests();
                if (requests < 1) {
                    throw new IllegalArgumentException("requests must be at least 1");
                }
                sim.takeDownReceiver(Require.text(down.target(), "target"), requests);
                return new Reply(201, Map.of("target", down.target(), "requests", requests));
            }
            case "GET faults" -> {
                return ok(sim.faults());
            }
            case "POST faults" -> {
                FaultSpec fault = read(body, FaultSpec.class);
                sim.injectFault(fault);
                return new Reply(201, fault);
            }
            case "DELETE faults" -> {
                sim.clearFaults();
                return ok(sim.faults());
            }
            default -> throw new NoSuchElementException("no scenario route " + method + " /sim/" + String.join("/", p));
        }
    }

    /** The route with ids replaced by {@code *}: segments at odd positions under shops/, numbers under tracking/. */
    private static String shape(List<String> path) {
        StringBuilder shape = new StringBuilder();
        for (int i = 0; i < path.size(); i++) {
            if (i > 0) {
                shape.append('/');
            }
            boolean id = path.get(0).equals("shops")
                    && (i == 1 || (i == 3 && List.of("orders", "ewaybill-accounts").contains(path.get(2))))
                    || path.get(0).equals("tracking") && i == 2 && path.get(1).equals("numbers");
            shape.append(id ? "*" : path.get(i));
        }
        return shape.toString();
    }

    private static <T> List<T> limit(List<T> all, Map<String, String> query) {
        if (!query.containsKey("limit")) {
            return all;
        }
        int limit;
        try {
            limit = Integer.parseInt(query.get("limit"));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("limit must be a number");
        }
        return all.subList(Math.max(0, all.size() - limit), all.size());
    }

    private static <T> T read(String body, Class<T> type) throws JsonProcessingException {
        if (body.isBlank()) {
            throw new IllegalArgumentException("a JSON body is required");
        }
        T value = Json.MAPPER.readValue(body, type);
        if (value == null) {
            throw new IllegalArgumentException("a JSON body is required");
        }
        return value;
    }

    private static Reply error(int status, String message) {
        return new Reply(status, Map.of("error", String.valueOf(message)));
    }

    private static Reply ok(Object body) {
        return new Reply(200, body);
    }

    private static boolean accepts(HttpExchange exchange, String type) {
        String accept = exchange.getRequestHeaders().getFirst("Accept");
        return accept != null && accept.contains(type);
    }

    private static String html(String json) {
        String escaped = json.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
        return "<!doctype html><html><head><meta charset=\"utf-8\"><title>platform-sim</title>"
                + "<meta http-equiv=\"refresh\" content=\"5\"></head><body><h1>platform-sim (微信小店)</h1>"
                + "<p>JSON: <code>GET /sim</code> without <code>Accept: text/html</code>. Refreshes every 5 s.</p>"
                + "<pre>" + escaped + "</pre></body></html>";
    }
}
