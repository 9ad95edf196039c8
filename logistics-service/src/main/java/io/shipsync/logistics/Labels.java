package io.shipsync.logistics;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.shipsync.carriers.Carrier;
import io.shipsync.carriers.CarrierCatalog;
import io.shipsync.labels.Label;
import io.shipsync.labels.LabelFont;
import io.shipsync.labels.LabelWriter;
import io.shipsync.logistics.config.LogisticsConfig;
import io.shipsync.wechat.EwaybillApi;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A run's labels as one PDF (76×130 mm pages, Code128 of the number), for preview and for printers outside the
 * print component. Pages are written as the run's waybills are read, so a run of 1,000 is never all in memory.
 */
@ApplicationScoped
public class Labels {

    private final WaybillRepository repository;
    private final CarrierRepository carriers;
    private final PrintRuns runs;
    private final LogisticsConfig config;
    private final CarrierCatalog catalog = CarrierCatalog.standard();
    private final AtomicReference<LabelFont> font = new AtomicReference<>();

    Labels(WaybillRepository repository, CarrierRepository carriers, PrintRuns runs, LogisticsConfig config) {
        this.repository = repository;
        this.carriers = carriers;
        this.runs = runs;
        this.config = config;
    }

    /** Checks the run is the shop's and has labels before anything is streamed; returns the page count. */
    public int pages(String shopId, UUID runId) {
        runs.get(shopId, runId);
        int pages = QuarkusTransaction.requiringNew().call(() -> repository.countTaken(shopId, runId));
        if (pages == 0) {
            throw new NotPrintable("run " + runId + " has no waybill with a number yet");
        }
        return pages;
    }

    /** Writes the labels of every waybill of the run that holds a number, in run order. */
    public void write(String shopId, UUID runId, int pages, OutputStream out) throws IOException {
        PrintRun run = runs.get(shopId, runId);
        EwaybillApi.Address sender = QuarkusTransaction.requiringNew().call(() ->
                carriers.account(shopId, run.carrierCode(), run.accountId()).map(CarrierAccount::sender).orElse(null));
        Label.Contact from = sender == null ? null : new Label.Contact(sender.name(), sender.mobile(),
                String.join("", sender.province(), sender.city(), sender.county(), sender.address()));
        String carrierName = catalog.byDeliveryId(run.carrierCode()).map(Carrier::chineseName).orElse(run.carrierCode());
        try (LabelWriter writer = LabelWriter.open(out, font(), pages)) {
            QuarkusTransaction.requiringNew().run(() -> repository.eachOfRun(shopId, runId, w -> {
                if (w.taken()) {
                    add(writer, label(w, carrierName, from));
                }
            }));
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static void add(LabelWriter writer, Label label) {
        try {
            writer.add(label);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Label label(Waybill w, String carrierName, Label.Contact sender) {
        Waybill.MaskedReceiver r = w.receiver();
        Label.Contact receiver = r == null ? new Label.Contact(null, null, null) : new Label.Contact(r.name(), r.phone(), r.address());
        return new Label(null, w.orderId(), carrierName, w.carrierCode(), w.trackingNumber(), receiver, sender,
                w.goods().stream().filter(g -> g.name() != null && !g.name().isBlank() && g.quantity() > 0)
                        .map(g -> new Label.Item(g.name(), g.quantity())).toList());
    }

    private LabelFont font() {
        return font.updateAndGet(f -> f != null ? f : LabelFont.load(Path.of(config.labelFont()), config.labelFontFace()));
    }
}
