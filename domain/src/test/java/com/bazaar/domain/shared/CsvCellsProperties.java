package com.bazaar.domain.shared;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import static org.assertj.core.api.Assertions.assertThat;

/** Issue 10, item 11: a CSV cell Bazaar writes never starts a spreadsheet formula, and reads back exactly. */
class CsvCellsProperties {

    @Example
    void everyFormulaTriggerIsNeutralised() {
        for (String formula : new String[]{"=1+1", "+1+1", "-1+1", "@SUM(A1)", "\t=1+1", "\r=1+1", "\n=1+1",
                "=HYPERLINK(\"http://evil\",\"x\")", "-", "+", "-2+3", "-1e5", "\uFF1D1+1", "\uFF0B1", "\uFF0D1",
                "\uFF20SUM(A1)"}) {
            assertThat(CsvCells.neutralise(formula)).as(formula).isEqualTo("'" + formula);
        }
    }

    @Example
    void plainNumbersStayNumbers() {
        for (String number : new String[]{"-5", "-12.50", "0", "42", "12.99", "-0.01"}) {
            assertThat(CsvCells.neutralise(number)).isEqualTo(number);
        }
    }

    @Example
    void harmlessTextIsLeftAloneAndALeadingApostropheIsDoubled() {
        assertThat(CsvCells.neutralise("Blue mug")).isEqualTo("Blue mug");
        assertThat(CsvCells.neutralise(" =1+1")).isEqualTo(" =1+1");
        assertThat(CsvCells.neutralise("a=b")).isEqualTo("a=b");
        assertThat(CsvCells.neutralise("")).isEmpty();
        assertThat(CsvCells.neutralise(null)).isEmpty();
        assertThat(CsvCells.neutralise("'quoted")).isEqualTo("''quoted");
    }

    @Example
    void cellsAreQuotedWhereCsvNeedsIt() {
        assertThat(CsvCells.cell("a,b")).isEqualTo("\"a,b\"");
        assertThat(CsvCells.cell("say \"hi\"")).isEqualTo("\"say \"\"hi\"\"\"");
        assertThat(CsvCells.cell("two\nlines")).isEqualTo("\"two\nlines\"");
        assertThat(CsvCells.cell("=1,2")).isEqualTo("\"'=1,2\"");
        assertThat(CsvCells.cell("plain")).isEqualTo("plain");
    }

    @Example
    void restoreLeavesCellsThatWereNeverNeutralised() {
        assertThat(CsvCells.restore("'abc")).as("an older export's own apostrophe").isEqualTo("'abc");
        assertThat(CsvCells.restore("'")).isEqualTo("'");
        assertThat(CsvCells.restore("-5")).isEqualTo("-5");
    }

    @Provide
    Arbitrary<String> cells() {
        Arbitrary<String> prefix = Arbitraries.of("", "=", "+", "-", "@", "'", "''", "\t", "\r", "\n", "\uFF1D", "-1",
                "'=", "'-5", " ");
        Arbitrary<String> rest = Arbitraries.strings().withChars("=+-@'\t\r\n,\"0123456789.ab \uFF0D").ofMaxLength(8);
        return net.jqwik.api.Combinators.combine(prefix, rest).as(String::concat);
    }

    @Property
    void restoreUndoesNeutralise(@ForAll("cells") String value) {
        assertThat(CsvCells.restore(CsvCells.neutralise(value))).isEqualTo(value);
    }

    @Property
    void aWrittenCellNeverStartsAFormula(@ForAll("cells") String value) {
        String cell = CsvCells.neutralise(value);
        boolean number = cell.matches("-?[0-9]+(\\.[0-9]+)?");
        assertThat(number || cell.isEmpty() || "=+-@\t\r\n\uFF1D\uFF0B\uFF0D\uFF20".indexOf(cell.charAt(0)) < 0)
                .as("%s starts a formula", cell).isTrue();
    }
}
