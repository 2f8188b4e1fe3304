package com.bazaar.domain.catalog.application;

import com.bazaar.domain.catalog.Attributes;
import com.bazaar.domain.catalog.ProductStatus;
import com.bazaar.domain.catalog.RowError;
import com.bazaar.domain.seller.SellerId;
import com.bazaar.domain.shared.CurrencyCode;
import com.bazaar.domain.shared.ValidationException;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CatalogLinesTest {

    private static final SellerId SELLER = new SellerId(1);
    private static final CurrencyCode USD = CurrencyCode.of("USD");

    private static CatalogLines.Cells cells(String sku, String title, String price, String quantity, String status) {
        return new CatalogLines.Cells(Optional.ofNullable(sku), Optional.ofNullable(title), Optional.empty(),
                Optional.empty(), Optional.ofNullable(price), Optional.empty(), Optional.ofNullable(quantity),
                Optional.ofNullable(status), Optional.empty());
    }

    @Test
    void aGoodRowBecomesALine() {
        var checked = CatalogLines.check(7, SELLER, USD, cells("MUG-01", "Mug", "12.99", "5", "active"),
                a -> Attributes.NONE);
        assertThat(checked).isInstanceOf(CatalogLines.Accepted.class);
        var line = ((CatalogLines.Accepted) checked).line();
        assertThat(line.row()).isEqualTo(7);
        assertThat(line.price().minor()).isEqualTo(1299);
        assertThat(line.quantity()).contains(5L);
        assertThat(line.status()).contains(ProductStatus.ACTIVE);
    }

    @Test
    void aBadRowReportsEveryProblemAtOnceByColumn() {
        var checked = CatalogLines.check(3, SELLER, USD, cells("bad sku!", "", "1.2E+3", "-1", "SOLD"),
                a -> Attributes.NONE);
        assertThat(checked).isInstanceOf(CatalogLines.Rejected.class);
        assertThat(((CatalogLines.Rejected) checked).errors()).extracting(RowError::column)
                .containsExactlyInAnyOrder("sku", "price", "quantity", "status", "title");
        assertThat(((CatalogLines.Rejected) checked).errors()).allMatch(e -> e.row() == 3);
    }

    @Test
    void anActiveProductNeedsAPositivePrice() {
        var checked = CatalogLines.check(2, SELLER, USD, cells("FREE", "Free thing", "0.00", null, "ACTIVE"),
                a -> Attributes.NONE);
        assertThat(((CatalogLines.Rejected) checked).errors()).extracting(RowError::code)
                .containsExactly("PRICE_REQUIRED");
    }

    @Test
    void theAttributeSyntaxIsTheFormatsButItsRefusalIsReportedOnTheRow() {
        var checked = CatalogLines.check(4, SELLER, USD,
                new CatalogLines.Cells(Optional.of("A"), Optional.of("T"), Optional.empty(), Optional.empty(),
                        Optional.of("1.00"), Optional.of("EUR"), Optional.empty(), Optional.empty(), Optional.of("x")),
                a -> {
                    throw new ValidationException("ATTRIBUTES_INVALID", "attributes", "not attributes: " + a);
                });
        assertThat(((CatalogLines.Rejected) checked).errors()).extracting(RowError::code)
                .containsExactlyInAnyOrder("CURRENCY_MISMATCH", "ATTRIBUTES_INVALID");
        var good = CatalogLines.check(4, SELLER, USD, new CatalogLines.Cells(Optional.of("A"), Optional.of("T"),
                Optional.empty(), Optional.empty(), Optional.of("1.00"), Optional.of("usd"), Optional.empty(),
                Optional.empty(), Optional.of("color=red")), a -> new Attributes(Map.of("color", "red")));
        assertThat(((CatalogLines.Accepted) good).line().attributes().values()).containsEntry("color", "red");
    }

    @Test
    void productCreateAndTheImportShareThePriceRule() {
        assertThat(CatalogLines.price("12.5", USD).minor()).isEqualTo(1250);
        assertThatThrownBy(() -> CatalogLines.price("1.2E+3", USD)).isInstanceOf(ValidationException.class)
                .hasMessageContaining("scientific notation");
        assertThatThrownBy(() -> CatalogLines.price("12.999", USD)).isInstanceOf(ValidationException.class);
    }
}
