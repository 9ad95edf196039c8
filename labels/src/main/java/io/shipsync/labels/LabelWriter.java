package io.shipsync.labels;

import com.lowagie.text.Document;
import com.lowagie.text.ExceptionConverter;
import com.lowagie.text.Rectangle;
import com.lowagie.text.pdf.PdfWriter;
import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Objects;

/**
 * Writes one print run as one PDF, a 76 × 130 mm page per label, while the labels come: each page goes to the stream
 * once the next one starts, so a run of any length holds one page in memory, not the run.
 *
 * <pre>{@code
 * try (OutputStream out = ...; LabelWriter labels = LabelWriter.open(out, font, orders.size())) {
 *     for (Order order : orders) {
 *         labels.add(toLabel(order));
 *     }
 * }
 * }</pre>
 *
 * Not thread-safe: one run, one thread. The stream stays the caller's: {@link #close()} finishes the PDF and flushes
 * it, but does not close the stream.
 */
public final class LabelWriter implements Closeable {

    private final OutputStream out;
    private final Document document;
    private final PdfWriter writer;
    private final LabelPage page;
    private final int total;
    private int pages;
    private boolean closed;

    private LabelWriter(OutputStream out, LabelFont font, int total) throws IOException {
        // OpenPDF writes every PDF object with writes of its own; a buffer turns them into a few large ones.
        this.out = new BufferedOutputStream(Objects.requireNonNull(out, "out"), 64 * 1024);
        this.page = new LabelPage(font.newBaseFont());
        this.total = total;
        this.document = new Document(new Rectangle(LabelPage.WIDTH, LabelPage.HEIGHT), 0, 0, 0, 0);
        this.writer = unwrapIo(() -> PdfWriter.getInstance(document, this.out));
        writer.setCloseStream(false);
        unwrapIo(() -> {
            document.open();
            return null;
        });
    }

    /** A run of unknown length: pages are numbered "1", "2", … */
    public static LabelWriter open(OutputStream out, LabelFont font) throws IOException {
        return new LabelWriter(out, font, 0);
    }

    /**
     * A run of {@code total} labels: pages are numbered "1 / total", …; it takes exactly {@code total}
     * {@link #add}s, so that no page claims a total the PDF does not have.
     */
    public static LabelWriter open(OutputStream out, LabelFont font, int total) throws IOException {
        if (total < 1) {
            throw new IllegalArgumentException("a print run has at least 1 label, got total " + total);
        }
        return new LabelWriter(out, font, total);
    }

    /** Adds the label as the next page; the page before it is written to the stream. */
    public void add(Label label) throws IOException {
        Objects.requireNonNull(label, "label");
        if (closed) {
            throw new IllegalStateException("the label writer is closed");
        }
        if (total > 0 && pages == total) {
            throw new IllegalStateException("the run was opened for " + total + " labels; this is one more");
        }
        unwrapIo(() -> {
            if (pages > 0) {
                document.newPage();
            }
            page.draw(writer.getDirectContent(), label, total > 0 ? (pages + 1) + " / " + total : String.valueOf(pages + 1));
            return null;
        });
        pages++;
    }

    /** Pages added so far. */
    public int pages() {
        return pages;
    }

    /**
     * Writes the last page and the PDF's trailer, and flushes the stream.
     *
     * @throws IllegalStateException if the run has no label, or fewer than its total: the PDF is then left unfinished
     *                               (no viewer opens it), rather than finished with page numbers that lie
     */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        if (pages == 0 || pages < total) {
            throw new IllegalStateException("the run has " + pages + " labels"
                    + (total > 0 ? " of " + total : "") + "; the PDF is left unfinished");
        }
        unwrapIo(() -> {
            document.close();
            return null;
        });
        out.flush();
    }

    private interface PdfCall<T> {
        T call() throws IOException;
    }

    /** OpenPDF wraps a failed write (e.g. a client gone) in ExceptionConverter; callers get the IOException. */
    private static <T> T unwrapIo(PdfCall<T> call) throws IOException {
        try {
            return call.call();
        } catch (ExceptionConverter e) {
            if (e.getException() instanceof IOException io) {
                throw io;
            }
            throw e;
        }
    }
}
