package com.bazaar.batch.catalog;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The plain text of a product description written in HTML (Shopify's {@code Body (HTML)}, Magento's
 * {@code description}): what a shopper reads, without the markup. A product's description in Bazaar is plain text
 * (shown as it is by {@code product show}, limited to 5000 characters), so markup kept as text would be shown
 * literally and count against that limit. Paragraphs, line breaks, list items, headings and table rows become lines;
 * scripts, styles and comments are dropped; other tags are removed and their text kept; character references are
 * decoded. It is lossy on purpose: link targets, images and styling are not kept.
 *
 * <p>One pass over the text, never a pattern that could go back over it: a cell is up to 1 MiB of whatever a file
 * holds (a thousand {@code <!--} or {@code <a} without an end must not take quadratic time).
 */
final class HtmlText {

    /** Tags that start a line of their own (opening or closing). */
    private static final Set<String> BLOCKS = Set.of("br", "p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "ul", "ol",
            "tr", "table", "blockquote", "section", "article", "pre", "hr");
    /** Tags whose content is not text a shopper reads. */
    private static final Set<String> DROPPED = Set.of("script", "style", "template");
    private static final Pattern REFERENCE = Pattern.compile("&(#[0-9]{1,7}|#[xX][0-9A-Fa-f]{1,6}|[A-Za-z]{2,8});");
    private static final Map<String, String> NAMED = Map.ofEntries(Map.entry("amp", "&"), Map.entry("lt", "<"),
            Map.entry("gt", ">"), Map.entry("quot", "\""), Map.entry("apos", "'"), Map.entry("nbsp", " "),
            Map.entry("ndash", "\u2013"), Map.entry("mdash", "\u2014"), Map.entry("hellip", "\u2026"),
            Map.entry("lsquo", "\u2018"), Map.entry("rsquo", "\u2019"), Map.entry("ldquo", "\u201c"),
            Map.entry("rdquo", "\u201d"), Map.entry("copy", "\u00a9"), Map.entry("reg", "\u00ae"),
            Map.entry("trade", "\u2122"), Map.entry("deg", "\u00b0"), Map.entry("euro", "\u20ac"),
            Map.entry("pound", "\u00a3"), Map.entry("times", "\u00d7"), Map.entry("bull", "\u2022"));

    private HtmlText() {
    }

    static String plain(String html) {
        StringBuilder text = new StringBuilder(html.length());
        int n = html.length();
        int i = 0;
        int nextClose = 0; // the first '>' after i (-1: none is left), found once for every '<' before it
        while (i < n) {
            char c = html.charAt(i);
            if (c != '<') {
                // HTML's own whitespace (line breaks of the source included) is one space; lines come from the tags
                text.append(Character.isWhitespace(c) ? ' ' : c);
                i++;
            } else if (html.startsWith("<!--", i)) {
                int end = html.indexOf("-->", i + 4);
                i = end < 0 ? n : end + 3;
                text.append(' ');
            } else {
                if (nextClose >= 0 && nextClose <= i) {
                    nextClose = html.indexOf('>', i + 1);
                }
                int close = nextClose;
                String name = close < 0 ? "" : name(html, i + 1, close);
                if (name.isEmpty()) {
                    text.append(c); // not a tag ("a < b", or no '>' follows): text
                    i++;
                    continue;
                }
                boolean closing = html.charAt(i + 1) == '/';
                i = close + 1;
                if (!closing && DROPPED.contains(name)) {
                    i = endOf(html, i, "</" + name);
                    text.append(' ');
                } else if (BLOCKS.contains(name)) {
                    text.append('\n');
                } else if (name.equals("li") && !closing) {
                    text.append("\n- ");
                } else if ((name.equals("td") || name.equals("th")) && closing) {
                    text.append(' ');
                }
            }
        }
        String decoded = decode(text.toString());
        StringBuilder out = new StringBuilder();
        for (String line : decoded.split("\n")) {
            String l = collapse(line);
            if (!l.isEmpty()) {
                out.append(out.isEmpty() ? "" : "\n").append(l);
            }
        }
        return out.toString();
    }

    /** The lower-case name of the tag between {@code from} and {@code to} ({@code /p}, {@code br/}, {@code li x=y}). */
    private static String name(String html, int from, int to) {
        int start = from < to && (html.charAt(from) == '/' || html.charAt(from) == '!') ? from + 1 : from;
        int end = start;
        while (end < to && end - start < 16 && isAsciiLetterOrDigit(html.charAt(end))) {
            end++;
        }
        if (end == start || !Character.isLetter(html.charAt(start))) {
            return "";
        }
        return html.substring(start, end).toLowerCase(Locale.ROOT);
    }

    private static boolean isAsciiLetterOrDigit(char c) {
        return c < 128 && Character.isLetterOrDigit(c);
    }

    /** Past the end tag {@code endTag} (case-insensitive) from {@code from}, or the end of the text. */
    private static int endOf(String html, int from, String endTag) {
        for (int j = html.indexOf('<', from); j >= 0; j = html.indexOf('<', j + 1)) {
            if (html.regionMatches(true, j, endTag, 0, endTag.length())) {
                int close = html.indexOf('>', j);
                return close < 0 ? html.length() : close + 1;
            }
        }
        return html.length();
    }

    /** Runs of spaces, tabs and no-break spaces as one space, without those at either end. */
    private static String collapse(String line) {
        StringBuilder out = new StringBuilder(line.length());
        boolean space = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == ' ' || c == '\t' || c == '\u00a0') {
                space = !out.isEmpty();
            } else {
                if (space) {
                    out.append(' ');
                    space = false;
                }
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String decode(String text) {
        Matcher m = REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String ref = m.group(1);
            String replacement;
            if (ref.startsWith("#")) {
                int code = ref.charAt(1) == 'x' || ref.charAt(1) == 'X'
                        ? Integer.parseInt(ref.substring(2), 16) : Integer.parseInt(ref.substring(1));
                // a reference to a control character or to nothing valid is dropped, never decoded into the text
                replacement = Character.isValidCodePoint(code) && !Character.isISOControl(code)
                        && !(code >= 0xD800 && code <= 0xDFFF) ? new String(Character.toChars(code)) : "";
            } else {
                replacement = NAMED.getOrDefault(ref, m.group()); // an unknown name stays as written
            }
            m.appendReplacement(out, Matcher.quoteReplacement(replacement));
        }
        m.appendTail(out);
        return out.toString();
    }
}
