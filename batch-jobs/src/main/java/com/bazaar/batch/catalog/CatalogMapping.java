package com.bazaar.batch.catalog;

import com.bazaar.domain.catalog.Attributes;
import com.bazaar.domain.catalog.CatalogImports;
import com.bazaar.domain.catalog.RowError;
import com.bazaar.domain.catalog.application.CatalogLines;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The columns of one file in a {@link CatalogFormat}, opened on its header: each row becomes the cells the domain
 * checks ({@link CatalogLines.Cells}), a row that is not a product (skipped), or a row the format itself refuses.
 * A mapping only says which of the seller's cells is which; every rule of a product is the domain's.
 */
interface CatalogMapping {

    CatalogFormat format();

    /** The header as the seller wrote it (the error report repeats it). */
    List<String> names();

    /** Which optional fields the file sets (an absent one keeps the product's value). */
    CatalogImports.Columns columns();

    /** One readable row of the header's width. */
    Mapped map(long row, List<String> fields);

    /**
     * The seller's column a domain column ({@code price}) is read from, for the error report ({@code Variant Price});
     * any other name is returned as it is.
     */
    String column(String domainColumn);

    /** What the mapping carries from one row to the next (Shopify: the product of the current handle); none by default. */
    default Map<String, String> state() {
        return Map.of();
    }

    /** Carries on from a saved {@link #state()} (a restarted step). */
    default void restore(Map<String, String> state) {
    }

    /** A cell for the domain: empty text is no value. */
    static Optional<String> present(String value) {
        return value.isEmpty() ? Optional.empty() : Optional.of(value);
    }

    /** What a row is to the format. */
    sealed interface Mapped permits Mapped.Row, Mapped.Skip, Mapped.Refused {

        /**
         * The cells for the domain, with the format's own problems and warnings (their columns are domain columns when
         * the problem is about one, else the seller's), and the row as the error report shows it.
         *
         * @param attributes   reads the cells' attributes text (its syntax belongs to the format)
         * @param skuGenerated the SKU was derived by the format ({@code --generate-sku})
         */
        record Row(CatalogLines.Cells cells, Function<String, Attributes> attributes, List<RowError> errors,
                   List<RowError> warnings, List<String> original, boolean skuGenerated) implements Mapped {
        }

        /** Not a product and not an error (a Shopify image row, a Magento store-view translation). */
        record Skip() implements Mapped {
        }

        /** Refused by the format whatever its cells hold (a Magento bundle); the domain does not check it. */
        record Refused(List<RowError> errors, List<String> original) implements Mapped {
        }
    }
}
