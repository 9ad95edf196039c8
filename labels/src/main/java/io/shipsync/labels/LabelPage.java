package io.shipsync.labels;

import com.lowagie.text.Element;
import com.lowagie.text.Rectangle;
import com.lowagie.text.pdf.Barcode;
import com.lowagie.text.pdf.Barcode128;
import com.lowagie.text.pdf.BaseFont;
import com.lowagie.text.pdf.PdfContentByte;
import java.util.ArrayList;
import java.util.List;

/**
 * Draws one label on a 76 × 130 mm page, top to bottom: carrier and page number, the tracking number's barcode,
 * receiver, sender, items, order id and shop.
 */
final class LabelPage {

    static final float WIDTH = mm(76);
    static final float HEIGHT = mm(130);

    private static final String RECEIVER = "收";
    private static final String SENDER = "寄";
    private static final String ITEMS = "商品";
    private static final String ORDER = "订单号 ";
    private static final String ELLIPSIS = "…";
    private static final String TIMES = " ×";
    /** Every character the label prints of its own; a font must have them all (LabelFont checks). */
    static final String CAPTIONS = RECEIVER + SENDER + ITEMS + ORDER + ELLIPSIS + TIMES + "另种未列出/?0123456789";

    private static final float MARGIN = mm(3);
    private static final float CONTENT = WIDTH - 2 * MARGIN;
    /** Receiver and sender text starts right of their 收 / 寄 mark. */
    private static final float INDENT = mm(9);
    private static final float FOOTER_TOP = HEIGHT - mm(12);

    private final BaseFont font;

    LabelPage(BaseFont font) {
        this.font = font;
    }

    static float mm(double millimetres) {
        return (float) (millimetres * 72 / 25.4);
    }

    void draw(PdfContentByte cb, Label label, String pageNumber) {
        float top = MARGIN;
        top = header(cb, label, pageNumber, top);
        top = barcode(cb, label.trackingNumber(), top);
        top = contact(cb, RECEIVER, label.receiver(), 12, 10, 3, top);
        if (label.sender() != null) {
            top = contact(cb, SENDER, label.sender(), 9, 8, 2, top);
        }
        items(cb, label.items(), top);
        footer(cb, label);
    }

    private float header(PdfContentByte cb, Label label, String pageNumber, float top) {
        float baseline = top + mm(6);
        float numberWidth = font.getWidthPoint(pageNumber, 11);
        text(cb, pageNumber, 11, WIDTH - MARGIN, baseline, Element.ALIGN_RIGHT);
        String carrier = fit(printable(label.carrierName() + " " + label.carrierCode()), 16, CONTENT - numberWidth - mm(3));
        cb.saveState();
        // A stroke around the fill makes the carrier bold without a second font file.
        cb.setTextRenderingMode(PdfContentByte.TEXT_RENDER_MODE_FILL_STROKE);
        cb.setLineWidth(0.4f);
        text(cb, carrier, 16, MARGIN, baseline, Element.ALIGN_LEFT);
        cb.restoreState();
        return rule(cb, baseline + mm(3));
    }

    private float barcode(PdfContentByte cb, String trackingNumber, float top) {
        Barcode128 code = new Barcode128();
        code.setCodeType(Barcode.CODE128);
        code.setCode(trackingNumber);
        code.setX(Code128.moduleDots(trackingNumber) * Code128.DOT);
        code.setBarHeight(mm(18));
        code.setFont(font);
        code.setSize(12);
        // The human-readable number's baseline, below the bars: its 12 pt height and a 2 pt gap.
        code.setBaseline(14);
        Rectangle size = code.getBarcodeSize();
        // Starting on a whole printer dot keeps every bar edge on the 203 dpi grid.
        float x = Math.round((WIDTH - size.getWidth()) / 2 / Code128.DOT) * Code128.DOT;
        float y = HEIGHT - top - mm(2) - size.getHeight();
        cb.saveState();
        cb.concatCTM(1, 0, 0, 1, x, y);
        code.placeBarcode(cb, null, null);
        cb.restoreState();
        return rule(cb, HEIGHT - y + mm(1));
    }

    private float contact(PdfContentByte cb, String mark, Label.Contact contact, float size, float addressSize,
                          int addressLines, float top) {
        float baseline = top + mm(1) + size;
        text(cb, mark, size + 2, MARGIN, baseline, Element.ALIGN_LEFT);
        float width = CONTENT - INDENT;
        String nameAndPhone = String.join("  ", present(contact.name()), present(contact.phone())).strip();
        text(cb, fit(nameAndPhone, size, width), size, MARGIN + INDENT, baseline, Element.ALIGN_LEFT);
        for (String line : wrap(present(contact.address()), addressSize, width, addressLines)) {
            baseline += addressSize * 1.3f;
            text(cb, line, addressSize, MARGIN + INDENT, baseline, Element.ALIGN_LEFT);
        }
        return rule(cb, baseline + mm(2));
    }

    private void items(PdfContentByte cb, List<Label.Item> items, float top) {
        float size = 9;
        float lineHeight = size * 1.3f;
        float baseline = top + mm(1) + 8;
        text(cb, ITEMS, 8, MARGIN, baseline, Element.ALIGN_LEFT);
        int room = (int) ((FOOTER_TOP - mm(1) - baseline) / lineHeight);
        // When they do not all fit, the last line says how many were left out rather than cutting silently.
        int shown = items.size() <= room ? items.size() : room - 1;
        for (int i = 0; i < shown; i++) {
            Label.Item item = items.get(i);
            String quantity = TIMES + item.quantity();
            float nameWidth = CONTENT - font.getWidthPoint(quantity, size);
            baseline += lineHeight;
            text(cb, fit(printable(item.name()), size, nameWidth) + quantity, size, MARGIN, baseline, Element.ALIGN_LEFT);
        }
        if (shown < items.size()) {
            baseline += lineHeight;
            text(cb, "另" + (items.size() - shown) + "种未列出", size, MARGIN, baseline, Element.ALIGN_LEFT);
        }
    }

    private void footer(PdfContentByte cb, Label label) {
        rule(cb, FOOTER_TOP);
        text(cb, fit(ORDER + printable(label.orderId()), 9, CONTENT), 9, MARGIN, FOOTER_TOP + mm(4.5), Element.ALIGN_LEFT);
        if (label.shopName() != null) {
            text(cb, fit(printable(label.shopName()), 8, CONTENT), 8, MARGIN, FOOTER_TOP + mm(8.5), Element.ALIGN_LEFT);
        }
    }

    /** A full-width line {@code top} points below the page's top edge; returns where the next section starts. */
    private static float rule(PdfContentByte cb, float top) {
        cb.setLineWidth(0.6f);
        cb.moveTo(MARGIN, HEIGHT - top);
        cb.lineTo(WIDTH - MARGIN, HEIGHT - top);
        cb.stroke();
        return top;
    }

    /** One line of text; {@code baseline} is measured from the page's top edge. */
    private void text(PdfContentByte cb, String text, float size, float x, float baseline, int alignment) {
        cb.beginText();
        cb.setFontAndSize(font, size);
        cb.showTextAligned(alignment, text, x, HEIGHT - baseline, 0);
        cb.endText();
    }

    private String present(String text) {
        return text == null ? "" : printable(text);
    }

    /**
     * The text as the font can print it: line breaks become spaces, and a character the font lacks (an emoji in a
     * name, a rare hanzi) becomes '?' instead of vanishing without a trace, which is what the PDF would do.
     */
    private String printable(String text) {
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            if (Character.isISOControl(c) || Character.isWhitespace(c)) {
                out.append(' ');
            } else if (font.charExists(c)) {
                out.appendCodePoint(c);
            } else {
                out.append('?');
            }
        });
        return out.toString();
    }

    /** The text, cut with "…" if it is wider than {@code width}. */
    private String fit(String text, float size, float width) {
        if (font.getWidthPoint(text, size) <= width) {
            return text;
        }
        int end = text.length();
        while (end > 0 && font.getWidthPoint(text.substring(0, end) + ELLIPSIS, size) > width) {
            end = text.offsetByCodePoints(end, -1);
        }
        return text.substring(0, end) + ELLIPSIS;
    }

    /** The text broken into at most {@code maxLines} lines of {@code width}, anywhere (Chinese has no spaces). */
    private List<String> wrap(String text, float size, float width, int maxLines) {
        List<String> lines = new ArrayList<>();
        String rest = text.strip();
        while (!rest.isEmpty() && lines.size() < maxLines - 1 && font.getWidthPoint(rest, size) > width) {
            // At least one character per line, however narrow the width.
            int end = rest.offsetByCodePoints(0, 1);
            while (end < rest.length()) {
                int next = rest.offsetByCodePoints(end, 1);
                if (font.getWidthPoint(rest.substring(0, next), size) > width) {
                    break;
                }
                end = next;
            }
            lines.add(rest.substring(0, end));
            rest = rest.substring(end).strip();
        }
        if (!rest.isEmpty()) {
            lines.add(fit(rest, size, width));
        }
        return lines;
    }
}
