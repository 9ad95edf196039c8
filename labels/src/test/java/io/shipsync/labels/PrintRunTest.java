package io.shipsync.labels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.MultiFormatReader;
import com.google.zxing.NotFoundException;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.Result;
import com.google.zxing.common.HybridBinarizer;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

/** A print run read back as a printer and a scanner would: every page rendered, its barcode decoded, its text read. */
class PrintRunTest {

    private static final int LABELS = 200;
    /** A thermal label printer's resolution. */
    private static final int DPI = 203;
    private static final float MM = 72 / 25.4f;

    @Test
    void aRunOf200OrdersIsOnePdfOf200PagesEachWithItsOwnOrdersBarcode() throws IOException {
        List<Label> labels = IntStream.range(0, LABELS).mapToObj(Fixtures::label).toList();
        assertThat(labels.stream().map(Label::trackingNumber).distinct()).hasSize(LABELS);

        ByteArrayOutputStream pdf = new ByteArrayOutputStream();
        try (LabelWriter writer = LabelWriter.open(pdf, LabelFont.standard(), LABELS)) {
            for (Label label : labels) {
                writer.add(label);
            }
        }

        try (PDDocument document = Loader.loadPDF(pdf.toByteArray())) {
            assertThat(document.getNumberOfPages()).isEqualTo(LABELS);
            PDFRenderer renderer = new PDFRenderer(document);
            PDFTextStripper stripper = new PDFTextStripper();
            for (int i = 0; i < LABELS; i++) {
                Label label = labels.get(i);
                PDRectangle size = document.getPage(i).getMediaBox();
                assertThat(size.getWidth()).as("page %d width", i + 1).isCloseTo(76 * MM, within(0.5f));
                assertThat(size.getHeight()).as("page %d height", i + 1).isCloseTo(130 * MM, within(0.5f));

                Result barcode = decode(renderer.renderImageWithDPI(i, DPI, ImageType.GRAY), i);
                assertThat(barcode.getBarcodeFormat()).isEqualTo(BarcodeFormat.CODE_128);
                assertThat(barcode.getText()).as("barcode on page %d", i + 1).isEqualTo(label.trackingNumber());

                stripper.setStartPage(i + 1);
                stripper.setEndPage(i + 1);
                assertThat(stripper.getText(document)).as("text of page %d", i + 1)
                        .contains(label.orderId(), (i + 1) + " / " + LABELS, label.trackingNumber(),
                                label.carrierName(), label.receiver().name(), label.receiver().phone());
            }
        }
    }

    private static Result decode(BufferedImage page, int index) {
        int width = page.getWidth();
        int height = page.getHeight();
        int[] pixels = page.getRGB(0, 0, width, height, null, 0, width);
        BinaryBitmap bitmap = new BinaryBitmap(new HybridBinarizer(new RGBLuminanceSource(width, height, pixels)));
        try {
            return new MultiFormatReader().decode(bitmap, Map.of(
                    DecodeHintType.POSSIBLE_FORMATS, List.of(BarcodeFormat.CODE_128),
                    DecodeHintType.TRY_HARDER, Boolean.TRUE));
        } catch (NotFoundException e) {
            throw new AssertionError("no Code128 found on page " + (index + 1), e);
        }
    }
}
