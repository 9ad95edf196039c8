package io.shipsync.sim.demo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The merchant's browser talking to the print component (打印组件, a local WebSocket server): one connection per
 * command, the answer matched by its {@code requestID}. It sends logistics-service's print tasks as the print
 * command's {@code taskList} (version 2.0) to the component's first printer and reads each task's result.
 */
final class PrintComponentClient {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final URI component;
    private String printer;

    PrintComponentClient(URI component) {
        this.component = component;
    }

    URI uri() {
        return component;
    }

    /**
     * Prints the tasks ({@code GET …/print-runs/{run}/print-tasks} entries) and answers each task id with null when
     * it printed, else the component's failure reason.
     */
    Map<String, String> print(JsonNode tasks) throws IOException, InterruptedException {
        ObjectNode request = ShipSyncApi.JSON.createObjectNode().put("command", "print").put("version", "2.0")
                .put("printType", 1).put("printer", printer());
        ArrayNode taskList = request.putArray("taskList");
        for (JsonNode task : tasks) {
            ObjectNode entry = taskList.addObject().put("taskID", task.path("taskId").asText())
                    .put("printInfo", task.path("printInfo").asText());
            entry.putObject("printNum").put("curNum", task.path("curNum").asInt()).put("sumNum", task.path("sumNum").asInt());
        }
        JsonNode reply = command(request);
        Map<String, String> results = new LinkedHashMap<>();
        for (JsonNode result : reply.path("results")) {
            results.put(result.path("taskID").asText(),
                    result.path("success").asBoolean() ? null : result.path("failureReason").asText("?"));
        }
        for (JsonNode task : tasks) {
            // Not putIfAbsent: a task that printed is mapped to null.
            if (!results.containsKey(task.path("taskId").asText())) {
                results.put(task.path("taskId").asText(), "no result from the print component");
            }
        }
        return results;
    }

    /** The component's first printer (getPrinterList), asked once. */
    private String printer() throws IOException, InterruptedException {
        if (printer == null) {
            JsonNode list = command(ShipSyncApi.JSON.createObjectNode().put("command", "getPrinterList")).path("printerList");
            if (list.isEmpty()) {
                throw new IOException("the print component at " + component + " lists no printer");
            }
            printer = list.get(0).path("name").asText();
        }
        return printer;
    }

    private JsonNode command(ObjectNode request) throws IOException, InterruptedException {
        String requestId = UUID.randomUUID().toString();
        request.put("requestID", requestId);
        CompletableFuture<String> answer = new CompletableFuture<>();
        WebSocket.Listener listener = new WebSocket.Listener() {
            private final StringBuilder text = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket socket, CharSequence data, boolean last) {
                text.append(data);
                if (last) {
                    answer.complete(text.toString());
                    text.setLength(0);
                }
                socket.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket socket, int status, String reason) {
                answer.completeExceptionally(new IOException("the print component closed the connection: " + status + " " + reason));
                return null;
            }

            @Override
            public void onError(WebSocket socket, Throwable error) {
                answer.completeExceptionally(error);
            }
        };
        WebSocket socket = await(http.newWebSocketBuilder().connectTimeout(TIMEOUT).buildAsync(component, listener));
        try {
            await(socket.sendText(request.toString(), true));
            JsonNode reply = ShipSyncApi.JSON.readTree(await(answer));
            if (!requestId.equals(reply.path("requestID").asText())) {
                throw new IOException("the print component answered another request: " + reply);
            }
            return reply;
        } catch (JsonProcessingException e) {
            throw new IOException("the print component's answer is not JSON", e);
        } finally {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").exceptionally(e -> null);
            socket.abort();
        }
    }

    private static <T> T await(CompletableFuture<T> future) throws IOException, InterruptedException {
        try {
            return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new IOException("no answer from the print component within " + TIMEOUT.toSeconds() + " s");
        }
    }
}
