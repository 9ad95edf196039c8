package io.shipsync.labels;

import com.lowagie.text.pdf.BaseFont;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The font every label is printed in: one with Chinese glyphs, embedded (subset, Identity-H) in each PDF so that any
 * viewer or printer shows the same text. Load it once and share it: it is immutable and safe across threads.
 */
public final class LabelFont {

    /** Debian's fonts-wqy-microhei: TrueType, Simplified Chinese and Latin, 5 MB. */
    public static final Path WQY_MICROHEI = Path.of("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc");

    private final Path file;
    private final String name;
    private final byte[] bytes;

    private LabelFont(Path file, String name, byte[] bytes) {
        this.file = file;
        this.name = name;
        this.bytes = bytes;
    }

    /** {@link #WQY_MICROHEI}. */
    public static LabelFont standard() {
        return load(WQY_MICROHEI, 0);
    }

    /**
     * A TrueType or OpenType font: a .ttf or .otf file, or face {@code face} (from 0) of a .ttc collection.
     *
     * @throws IllegalArgumentException if the file is missing or unreadable, is no such font, or lacks glyphs the
     *                                  label's own captions need; the message names the file
     */
    public static LabelFont load(Path file, int face) {
        String lower = file.getFileName().toString().toLowerCase(Locale.ROOT);
        String name;
        if (lower.endsWith(".ttc")) {
            name = file + "," + face;
        } else if ((lower.endsWith(".ttf") || lower.endsWith(".otf")) && face == 0) {
            name = file.toString();
        } else {
            throw new IllegalArgumentException("label font " + file + " face " + face
                    + ": expected a .ttf or .otf file (face 0) or a face of a .ttc collection");
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new IllegalArgumentException("label font " + file + " cannot be read (" + e
                    + "); on Debian install fonts-wqy-microhei, or configure another CJK TrueType font", e);
        }
        LabelFont font = new LabelFont(file, name, bytes);
        BaseFont parsed = font.newBaseFont();
        // Without this check a font lacking Chinese would print the captions as blanks, silently.
        LabelPage.CAPTIONS.codePoints().filter(c -> !parsed.charExists(c)).findFirst().ifPresent(c -> {
            throw new IllegalArgumentException("label font " + file + " face " + face + " has no glyph for '"
                    + Character.toString(c) + "': it needs Chinese (e.g. Debian fonts-wqy-microhei)");
        });
        return font;
    }

    public Path file() {
        return file;
    }

    /**
     * A font of its own for one PDF: OpenPDF fonts keep read state while a document embeds them, so two documents
     * closing at once must not share one. Parsing the bytes already held takes tens of milliseconds, once per run.
     */
    BaseFont newBaseFont() {
        try {
            return BaseFont.createFont(name, BaseFont.IDENTITY_H, BaseFont.EMBEDDED, false, bytes, null);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("label font " + name + " is not a TrueType or OpenType font OpenPDF can"
                    + " embed: " + e.getMessage(), e);
        }
    }
}
