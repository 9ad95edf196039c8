package io.shipsync.labels;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run of 1,000 labels leaves the writer as it is made, not at the end. */
class StreamingTest {

    private static final int LABELS = 1_000;

    @Test
    void pagesReachTheStreamWhileTheRunIsStillBeingWritten(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("run.pdf");
        List<Long> bytesEvery100 = new ArrayList<>();
        long beforeClose;
        try (CountingStream out = new CountingStream(Files.newOutputStream(file))) {
            LabelWriter writer = LabelWriter.open(out, LabelFont.standard(), LABELS);
            for (int i = 0; i < LABELS; i++) {
                writer.add(Fixtures.label(i));
                if ((i + 1) % 100 == 0) {
                    bytesEvery100.add(out.count);
                }
            }
            beforeClose = out.count;
            writer.close();
            long total = out.count;

            // Every 100 labels more bytes have arrived: the run goes out page by page.
            for (int k = 1; k < bytesEvery100.size(); k++) {
                assertThat(bytesEvery100.get(k)).as("bytes after %d labels", (k + 1) * 100)
                        .isGreaterThan(bytesEvery100.get(k - 1));
            }
            // What close adds is the last page, the embedded font subset and the page index, not the pages.
            assertThat(beforeClose).isGreaterThan(total * 3 / 4);
        }
        try (PDDocument document = Loader.loadPDF(file.toFile())) {
            assertThat(document.getNumberOfPages()).isEqualTo(LABELS);
        }
    }

    private static final class CountingStream extends FilterOutputStream {
        long count;

        CountingStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }
}
