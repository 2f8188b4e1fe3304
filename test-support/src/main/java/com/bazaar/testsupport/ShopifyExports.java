package com.bazaar.testsupport;

/**
 * Shopify product exports of any size, for tests of restarts: each handle has three variant rows (sizes S, M, L, the
 * product's own columns on the first only, as Shopify writes them) and every {@code imageEvery}th handle an extra
 * image-only row. Variant SKUs are {@code P<handle>-<size>}, titles {@code Product <handle>}, vendors
 * {@code Vendor <handle>}, types {@code Type <handle>}.
 */
public final class ShopifyExports {

    public static final String HEADER = "Handle,Title,Body (HTML),Vendor,Type,Option1 Name,Option1 Value,Variant SKU,"
            + "Variant Inventory Qty,Variant Price,Image Src,Status";

    private ShopifyExports() {
    }

    /** The data rows (without the header), one string per row. */
    public static java.util.List<String> rows(int handles, int imageEvery) {
        java.util.List<String> rows = new java.util.ArrayList<>();
        for (int h = 0; h < handles; h++) {
            rows.add("product-" + h + ",Product " + h + ",<p>Body " + h + "</p>,Vendor " + h + ",Type " + h
                    + ",Size,S,P" + h + "-S,1,10.00,https://cdn.example/" + h + ".jpg,active");
            rows.add("product-" + h + ",,,,,,M,P" + h + "-M,2,11.00,,");
            rows.add("product-" + h + ",,,,,,L,P" + h + "-L,3,12.00,,");
            if (h % imageEvery == 0) {
                rows.add("product-" + h + ",,,,,,,,,,https://cdn.example/" + h + "-back.jpg,");
            }
        }
        return rows;
    }

    /** The whole file: the header and {@link #rows}. */
    public static String file(int handles, int imageEvery) {
        return HEADER + "\n" + String.join("\n", rows(handles, imageEvery)) + "\n";
    }

    /** How many image-only rows {@link #rows} holds. */
    public static int images(int handles, int imageEvery) {
        return (handles + imageEvery - 1) / imageEvery;
    }
}
