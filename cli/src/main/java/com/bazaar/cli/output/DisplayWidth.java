package com.bazaar.cli.output;

import org.jline.utils.WCWidth;

/**
 * How many terminal columns a line of text takes, for aligning tables: JLine's {@code wcwidth} per code point (East
 * Asian wide characters 2, combining marks and zero-width characters 0), plus what terminals do with emoji that the
 * table predates: emoji shown as pictures by default (☕, ⚡, ⭐) and a character followed by U+FE0F take 2 columns, a
 * zero-width-joiner sequence (👩‍💻) and a flag (two regional indicators) are one picture of 2.
 */
public final class DisplayWidth {

    /** Emoji in the Basic Multilingual Plane shown as pictures by default (Unicode's Emoji_Presentation, wide). */
    private static final int[][] WIDE_EMOJI = {{0x231A, 0x231B}, {0x23E9, 0x23EC}, {0x23F0, 0x23F0}, {0x23F3, 0x23F3},
            {0x25FD, 0x25FE}, {0x2614, 0x2615}, {0x2648, 0x2653}, {0x267F, 0x267F}, {0x2693, 0x2693},
            {0x26A1, 0x26A1}, {0x26AA, 0x26AB}, {0x26BD, 0x26BE}, {0x26C4, 0x26C5}, {0x26CE, 0x26CE},
            {0x26D4, 0x26D4}, {0x26EA, 0x26EA}, {0x26F2, 0x26F3}, {0x26F5, 0x26F5}, {0x26FA, 0x26FA},
            {0x26FD, 0x26FD}, {0x2705, 0x2705}, {0x270A, 0x270B}, {0x2728, 0x2728}, {0x274C, 0x274C},
            {0x274E, 0x274E}, {0x2753, 0x2755}, {0x2757, 0x2757}, {0x2795, 0x2797}, {0x27B0, 0x27B0},
            {0x27BF, 0x27BF}, {0x2B1B, 0x2B1C}, {0x2B50, 0x2B50}, {0x2B55, 0x2B55}};

    private DisplayWidth() {
    }

    /** The columns {@code text} takes on a terminal (text already made safe by {@link TerminalText}). */
    public static int of(String text) {
        int width = 0;
        int last = 0;
        boolean joined = false;
        boolean flagHalf = false;
        for (int i = 0; i < text.length(); ) {
            int c = text.codePointAt(i);
            i += Character.charCount(c);
            if (c == 0x200D) { // zero-width joiner: the next picture joins the one before
                joined = true;
                continue;
            }
            if (joined) {
                joined = false;
                continue;
            }
            if (c == 0xFE0F) { // emoji presentation: a narrow symbol (❤) becomes a picture (❤️)
                if (last == 1) {
                    width++;
                    last = 2;
                }
                continue;
            }
            if (c >= 0x1F1E6 && c <= 0x1F1FF) { // regional indicators: two of them are one flag
                flagHalf = !flagHalf;
                if (!flagHalf) {
                    continue;
                }
            } else {
                flagHalf = false;
            }
            last = wideEmoji(c) ? 2 : Math.max(0, WCWidth.wcwidth(c));
            width += last;
        }
        return width;
    }

    private static boolean wideEmoji(int c) {
        for (int[] range : WIDE_EMOJI) {
            if (c >= range[0] && c <= range[1]) {
                return true;
            }
        }
        return false;
    }
}
