package com.bazaar.batch.support;

import com.bazaar.domain.catalog.RowError;
import org.junit.jupiter.api.Test;

import java.io.StringWriter;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 10, item 11: the error report echoes the seller's values; none of them runs as a spreadsheet formula. */
class ErrorReportTest {

    @Test
    void everyCellThatWouldStartAFormulaIsNeutralised() {
        StringWriter out = new StringWriter();
        try (ErrorReport report = new ErrorReport(out, List.of("sku", "title", "price", "quantity"))) {
            report.add(2, List.of(new RowError(2, "price", "AMOUNT_INVALID", "price is not an amount", "=1+1")),
                    List.of("-cmd|' /C calc'!A0", "@SUM(A1)", "=1+1", "-5"), null);
            report.add(3, List.of(new RowError(3, "title", "TITLE_INVALID", "title is required", "\t=2+2")),
                    List.of("+1", "\r=3", "\uFF1Dx", "12"), null);
        }
        assertThat(out.toString()).isEqualTo("row,column,code,message,value,sku,title,price,quantity\r\n"
                + "2,price,AMOUNT_INVALID,price is not an amount,'=1+1,'-cmd|' /C calc'!A0,'@SUM(A1),'=1+1,-5\r\n"
                + "3,title,TITLE_INVALID,title is required,'\t=2+2,'+1,\"'\r=3\",'\uFF1Dx,12\r\n");
    }
}
