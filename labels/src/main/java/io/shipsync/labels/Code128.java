package io.shipsync.labels;

import com.lowagie.text.pdf.Barcode128;

/**
 * Sizes the tracking number's Code128 for a 203 dpi thermal printer, the common 电子面单 printer. A bar module is a
 * whole number of printer dots, so every bar prints the same width, and at least 2 dots (0.25 mm): one-dot bars smear
 * on thermal paper.
 */
final class Code128 {

    static final float DOT = 72f / 203f;
    static final int MIN_DOTS = 2;
    /** 0.5 mm: wider bars gain nothing for scanning and only crowd the quiet zones. */
    static final int MAX_DOTS = 4;
    /** Code128 needs 10 modules of white on either side. */
    static final int QUIET_ZONE_MODULES = 10;
    /** Bars and quiet zones span the page less 2 mm at each edge, which printers may not reach. */
    static final float MAX_WIDTH = LabelPage.mm(76 - 2 * 2);

    private Code128() {
    }

    /** The widest whole-dot module that fits, or IllegalArgumentException if even 0.25 mm does not. */
    static int moduleDots(String trackingNumber) {
        for (int i = 0; i < trackingNumber.length(); i++) {
            char c = trackingNumber.charAt(i);
            if (c < '!' || c > '~') {
                throw new IllegalArgumentException("trackingNumber must be printable ASCII without spaces, got \""
                        + trackingNumber + "\"");
            }
        }
        int modules = modules(trackingNumber) + 2 * QUIET_ZONE_MODULES;
        for (int dots = MAX_DOTS; dots >= MIN_DOTS; dots--) {
            if (modules * dots * DOT <= MAX_WIDTH) {
                return dots;
            }
        }
        throw new IllegalArgumentException("trackingNumber \"" + trackingNumber + "\" is too long for a Code128 with bars"
                + " of at least 0.25 mm on a 76 mm label (" + modules + " modules with quiet zones)");
    }

    /** Bars and spaces of the symbol, start to stop, in modules; digit runs are packed in code set C as printed. */
    static int modules(String trackingNumber) {
        int modules = 0;
        for (byte bar : Barcode128.getBarsCode128Raw(Barcode128.getRawText(trackingNumber, false))) {
            modules += bar;
        }
        return modules;
    }
}
