package io.shipsync.labels;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Test;

class LabelWriterTest {

    private static final LabelFont FONT = LabelFont.standard();

    @Test
    void aMissingFontIsNamedNotReplacedByBoxes() {
        Path missing = Path.of("/nonexistent/fonts/wqy-microhei.ttc");
        assertThatThrownBy(() -> LabelFont.load(missing, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("fonts-wqy-microhei");
    }

    @Test
    void aCharacterTheFontLacksPrintsAsAQuestionMark() throws IOException {
        Label label = withReceiverName(Fixtures.label(0), "\uD83D\uDE00*");

        assertThat(pageTexts(write(List.of(label))).get(0)).contains("?*").doesNotContain("\uD83D\uDE00");
    }

    @Test
    void itemsThatDoNotFitAreCountedAndLongNamesAreCut() throws IOException {
        Label base = Fixtures.label(1);
        String longName = "超长商品名称".repeat(10);
        List<Label.Item> items = Collections.nCopies(40, new Label.Item(longName, 2));
        Label label = new Label(base.shopName(), base.orderId(), base.carrierName(), base.carrierCode(),
                base.trackingNumber(), base.receiver(), base.sender(), items);

        String text = pageTexts(write(List.of(label))).get(0);

        int shown = text.split("… ×2", -1).length - 1;
        assertThat(shown).isPositive();
        assertThat(text).doesNotContain(longName).contains("另" + (40 - shown) + "种未列出");
    }

    @Test
    void aRunOfUnknownLengthNumbersPagesWithoutATotal() throws IOException {
        ByteArrayOutputStream pdf = new ByteArrayOutputStream();
        try (LabelWriter writer = LabelWriter.open(pdf, FONT)) {
            for (int i = 0; i < 3; i++) {
                writer.add(Fixtures.label(i));
            }
        }

        List<String> pages = pageTexts(pdf.toByteArray());
        assertThat(pages).hasSize(3);
        assertThat(pages.get(2)).contains(Fixtures.label(2).orderId()).doesNotContain(" / ");
    }

    @Test
    void aRunOpenedForATotalTakesExactlyThatMany() throws IOException {
        LabelWriter twoOfThree = LabelWriter.open(new ByteArrayOutputStream(), FONT, 3);
        twoOfThree.add(Fixtures.label(0));
        twoOfThree.add(Fixtures.label(1));
        assertThatThrownBy(twoOfThree::close).isInstanceOf(IllegalStateException.class).hasMessageContaining("2 labels of 3");

        LabelWriter one = LabelWriter.open(new ByteArrayOutputStream(), FONT, 1);
        one.add(Fixtures.label(0));
        assertThatThrownBy(() -> one.add(Fixtures.label(1))).isInstanceOf(IllegalStateException.class);

        LabelWriter empty = LabelWriter.open(new ByteArrayOutputStream(), FONT);
        assertThatThrownBy(empty::close).isInstanceOf(IllegalStateException.class).hasMessageContaining("0 labels");
    }

    @Test
    void aFailingStreamSurfacesAsIOException() throws IOException {
        OutputStream broken = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("client went away");
            }
        };
        LabelWriter writer = LabelWriter.open(broken, FONT);
        // The 64 KiB buffer takes the first pages; one of the next ones reaches the stream.
        assertThatThrownBy(() -> {
            for (int i = 0; i < 1_000; i++) {
                writer.add(Fixtures.label(i));
            }
        }).isInstanceOf(IOException.class).hasMessage("client went away");
    }

    @Test
    void barsAreWholePrinterDotsOfAtLeastAQuarterMillimetre() {
        assertThat(Code128.moduleDots("75012000000013")).isEqualTo(4);
        assertThat(Code128.moduleDots("SF1342000000049")).isEqualTo(3);
        assertThat(Code128.moduleDots("JDVA46700000003")).isGreaterThanOrEqualTo(Code128.MIN_DOTS);
        assertThat(Code128.MIN_DOTS * Code128.DOT / LabelPage.mm(1)).isGreaterThanOrEqualTo(0.25f);

        Label base = Fixtures.label(0);
        assertThatThrownBy(() -> withTrackingNumber(base, "DPK" + "ABCDEFGHIJKLMNOPQRSTUVWXYZ12"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("too long");
        assertThatThrownBy(() -> withTrackingNumber(base, "SF 1342000000049"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("printable ASCII");
    }

    private static Label withReceiverName(Label label, String name) {
        return new Label(label.shopName(), label.orderId(), label.carrierName(), label.carrierCode(), label.trackingNumber(),
                new Label.Contact(name, label.receiver().phone(), label.receiver().address()), label.sender(), label.items());
    }

    private static Label withTrackingNumber(Label label, String trackingNumber) {
        return new Label(label.shopName(), label.orderId(), label.carrierName(), label.carrierCode(), trackingNumber,
                label.receiver(), label.sender(), label.items());
    }

    private static byte[] write(List<Label> labels) throws IOException {
        ByteArrayOutputStream pdf = new ByteArrayOutputStream();
        try (LabelWriter writer = LabelWriter.open(pdf, FONT, labels.size())) {
            for (Label label : labels) {
                writer.add(label);
            }
        }
        return pdf.toByteArray();
    }

    private static List<String> pageTexts(byte[] pdf) throws IOException {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            PDFTextStripper stripper = new PDFTextStripper();
            return IntStream.rangeClosed(1, document.getNumberOfPages()).mapToObj(page -> {
                stripper.setStartPage(page);
                stripper.setEndPage(page);
                try {
                    return stripper.getText(document);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).toList();
        }
    }
}
