package com.bazaar.batch.catalog;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The plain text of a product description written in HTML (Shopify's {@code Body (HTML)}, Magento's
 * {@code description}): what a shopper reads, without the markup. A product's description in Bazaar is plain text
 * (shown as it is by {@code product show}, limited to 5000 characters), so markup kept as text would be shown
 * literally and count against that limit. Paragraphs, line breaks, list items, headings and table rows become lines;
 * scripts, styles and comments are dropped; other tags are removed and their text kept; character references are
 * decoded. It is lossy on purpose: link targets, images and styling are not kept.
 */
final class HtmlText {

    private static final Pattern DROPPED = Pattern.compile(
            "<!--.*?-->|<(script|style|template)\\b[^>]*>.*?</\\1\\s*>", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern LINE_BREAK = Pattern.compile(
            "<br\\s*/?>|</?(p|div|h[1-6]|ul|ol|tr|table|blockquote|section|article|pre)\\b[^>]*>",
            Pattern.CASE_INSENSITIVE);
    private static final Pattern LIST_ITEM = Pattern.compile("<li\\b[^>]*>", Pattern.CASE_INSENSITIVE);
    private static final Pattern CELL = Pattern.compile("</t[dh]\\s*>", Pattern.CASE_INSENSITIVE);
    private static final Pattern TAG = Pattern.compile("</?[A-Za-z][^>]*>|<![^>]*>");
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
        // HTML's own whitespace (line breaks of the source included) is one space; lines come from the tags
        String text = html.replaceAll("\\s+", " ");
        text = DROPPED.matcher(text).replaceAll(" ");
        text = LINE_BREAK.matcher(text).replaceAll("\n");
        text = LIST_ITEM.matcher(text).replaceAll("\n- ");
        text = CELL.matcher(text).replaceAll(" ");
        text = TAG.matcher(text).replaceAll("");
        text = decode(text);
        StringBuilder out = new StringBuilder();
        for (String line : text.split("\n")) {
            String l = line.replaceAll("[ \\t\\u00a0]+", " ").strip();
            if (!l.isEmpty()) {
                out.append(out.isEmpty() ? "" : "\n").append(l);
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
                int code = ref.length() > 1 && (ref.charAt(1) == 'x' || ref.charAt(1) == 'X')
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
