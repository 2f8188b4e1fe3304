package com.bazaar.batch.catalog;

import com.bazaar.batch.support.ErrorReport;
import com.bazaar.domain.catalog.CatalogLine;
import com.bazaar.domain.catalog.RowError;

import com.bazaar.batch.csv.CsvReader;
import com.bazaar.batch.csv.CsvRecord;
import com.bazaar.domain.catalog.ProductStatus;
import com.bazaar.domain.seller.SellerId;
import com.bazaar.domain.shared.CurrencyCode;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Each class of error lands on the right row and column, with the domain's own message. */
class CatalogRowsTest {

    private static List<CsvRecord> records(String csv) {
        List<CsvRecord> out = new ArrayList<>();
        new CsvReader(new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8))).forEachRemaining(out::add);
        return out;
    }

    private static List<CatalogRows.Checked> check(String csv) {
        var records = records(csv);
        var header = ((CatalogHeader.Readable) CatalogHeader.parse(records.get(0).fields())).header();
        var rows = new CatalogRows(header, new SellerId(1), CurrencyCode.of("USD"));
        return records.subList(1, records.size()).stream().map(rows::check).toList();
    }

    private static RowError onlyError(CatalogRows.Checked checked) {
        assertThat(checked).isInstanceOf(CatalogRows.Rejected.class);
        var errors = ((CatalogRows.Rejected) checked).errors();
        assertThat(errors).hasSize(1);
        return errors.get(0);
    }

    @Test
    void aGoodRowBecomesALine() {
        var checked = check("title,SKU,price,quantity,status,attributes,category\n"
                + "Blue mug,MUG-01,12.99,10,active,color=blue;oz=12,Kitchen\n");
        var line = ((CatalogRows.Accepted) checked.get(0)).line();
        assertThat(line.sku().value()).isEqualTo("MUG-01");
        assertThat(line.price().minor()).isEqualTo(1299);
        assertThat(line.quantity()).contains(10L);
        assertThat(line.status()).contains(ProductStatus.ACTIVE);
        assertThat(line.attributes().values()).containsEntry("color", "blue").containsEntry("oz", "12");
        assertThat(line.row()).isEqualTo(2);
    }

    @Test
    void eachErrorClassNamesRowColumnAndReason() {
        var checked = check("sku,title,price,currency,quantity,status,attributes\n"
                + "3.65275E+11,Mug,1.00,,,,\n"
                + "OK-1,Mug,12.999,,,,\n"
                + "OK-2,Mug,1.00,EUR,,,\n"
                + "OK-3,Mug,1.00,,-2,,\n"
                + "OK-4,Mug,1.00,,1e3,,\n"
                + "OK-5,Mug,1.00,,,gone,\n"
                + "OK-6,Mug,1.00,,,,\"{\"\"a\"\":[1]}\"\n"
                + "OK-7,,1.00,,,,\n"
                + "OK-8,Mug,0.00,,,active,\n");
        assertThat(onlyError(checked.get(0))).satisfies(e -> {
            assertThat(e.row()).isEqualTo(2);
            assertThat(e.column()).isEqualTo("sku");
            assertThat(e.message()).contains("scientific notation");
        });
        assertThat(onlyError(checked.get(1))).satisfies(e -> assertThat(e.code()).isEqualTo("AMOUNT_PRECISION"));
        assertThat(onlyError(checked.get(2))).satisfies(e -> assertThat(e.code()).isEqualTo("CURRENCY_MISMATCH"));
        assertThat(onlyError(checked.get(3))).satisfies(e -> assertThat(e.column()).isEqualTo("quantity"));
        assertThat(onlyError(checked.get(4)).message()).contains("scientific notation");
        assertThat(onlyError(checked.get(5)).code()).isEqualTo("STATUS_INVALID");
        assertThat(onlyError(checked.get(6)).code()).isEqualTo("ATTRIBUTES_INVALID");
        assertThat(onlyError(checked.get(7))).satisfies(e -> {
            assertThat(e.column()).isEqualTo("title");
            assertThat(e.row()).isEqualTo(9);
        });
        assertThat(onlyError(checked.get(8)).code()).isEqualTo("PRICE_REQUIRED");
    }

    @Test
    void aRowReportsAllItsProblemsAtOnce() {
        var rejected = (CatalogRows.Rejected) check("sku,title,price\nbad sku,,1.001\n").get(0);
        assertThat(rejected.errors()).extracting(RowError::column).containsExactlyInAnyOrder("sku", "price", "title");
    }

    @Test
    void rowNumbersCountQuotedLineBreaksAsOneRow() {
        var checked = check("sku,title,price,description\nA,Mug,1.00,\"line one\nline two\"\nbad sku,Mug,1.00,\n");
        assertThat(checked.get(0)).isInstanceOf(CatalogRows.Accepted.class);
        assertThat(onlyError(checked.get(1)).row()).isEqualTo(3);
    }

    @Test
    void aWrongColumnCountIsNamed() {
        var e = onlyError(check("sku,title,price\nA,Mug,1.00,extra\n").get(0));
        assertThat(e.code()).isEqualTo("COLUMN_COUNT");
        assertThat(e.message()).contains("4 columns, the header has 3");
    }

    @Test
    void headerProblemsAreListedOnceForTheFile() {
        var unknown = CatalogHeader.parse(List.of("sku", "title", "price", "colour", "weight"));
        assertThat(((CatalogHeader.Unreadable) unknown).problems()).singleElement().asString()
                .contains("unknown columns colour, weight");
        var semicolons = CatalogHeader.parse(List.of("sku;title;price"));
        assertThat(((CatalogHeader.Unreadable) semicolons).problems().get(0)).contains("semicolon-separated");
        var missing = CatalogHeader.parse(List.of("sku", "title"));
        assertThat(((CatalogHeader.Unreadable) missing).problems()).containsExactly("required column 'price' is missing");
        var twice = CatalogHeader.parse(List.of("sku", "title", "price", "SKU"));
        assertThat(((CatalogHeader.Unreadable) twice).problems()).containsExactly("column 'sku' appears twice");
    }

    @Test
    void theErrorReportHoldsOnlyFailedRowsAndCanBeUploadedAgain() {
        String csv = "sku,title,price\nGOOD,Mug,1.00\nbad sku,=cmd(),1.001\n";
        var records = records(csv);
        var header = ((CatalogHeader.Readable) CatalogHeader.parse(records.get(0).fields())).header();
        var rows = new CatalogRows(header, new SellerId(1), CurrencyCode.of("USD"));
        StringWriter out = new StringWriter();
        try (ErrorReport report = new ErrorReport(out, header.names())) {
            for (CsvRecord r : records.subList(1, records.size())) {
                if (rows.check(r) instanceof CatalogRows.Rejected rejected) {
                    report.add(r.row(), rejected.errors(), r.fields(), header.names());
                }
            }
            assertThat(report.rows()).isEqualTo(1);
        }
        String text = out.toString();
        assertThat(text.lines().toList()).hasSize(2);
        assertThat(text).startsWith("row,column,code,message,value,sku,title,price\r\n");
        assertThat(text).contains("3,sku; price,SKU_INVALID; AMOUNT_PRECISION").contains("'=cmd()");
        var again = records(text);
        assertThat(CatalogHeader.parse(again.get(0).fields())).isInstanceOf(CatalogHeader.Readable.class);
    }
}
