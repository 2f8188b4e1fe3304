package com.bazaar.domain.seller;

import com.bazaar.domain.shared.CurrencyCode;
import com.bazaar.domain.shared.RuleViolation;
import com.bazaar.domain.shared.ValidationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SellerRulesTest {

    private static Seller active() {
        return new Seller(new SellerId(1), SellerCode.of("ACME"), "Acme Ltd", CurrencyCode.of("USD"),
                SellerStatus.ACTIVE, Optional.empty(), Instant.parse("2026-11-25T10:00:00Z"), 0);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ACME", "acme", " Acme-1 ", "A_B", "GLOBEX2026"})
    void validCodesAreNormalisedToUpperCase(String raw) {
        assertThat(SellerCode.of(raw).value()).isEqualTo(raw.strip().toUpperCase());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "A", "1ACME", "A B", "ACME!", "ÄCME", "ABCDEFGHIJKLMNOPQRSTUVWXYZ1234567"})
    void invalidCodesAreRefusedWithTheValue(String raw) {
        assertThatThrownBy(() -> SellerCode.of(raw))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("seller code");
    }

    @ParameterizedTest
    @ValueSource(strings = {"USD", "usd", "EUR", "JPY", "KWD"})
    void isoCurrenciesAreAccepted(String raw) {
        assertThat(CurrencyCode.of(raw).value()).isEqualTo(raw.toUpperCase());
    }

    @ParameterizedTest
    @ValueSource(strings = {"XYZ", "US", "USDD", "XXX", "XAU", ""})
    void unknownOrUnitlessCurrenciesAreRefused(String raw) {
        assertThatThrownBy(() -> CurrencyCode.of(raw)).isInstanceOf(ValidationException.class)
                .hasMessageContaining("ISO 4217");
    }

    @Test
    void currencyKnowsItsMinorDigits() {
        assertThat(CurrencyCode.of("JPY").minorDigits()).isZero();
        assertThat(CurrencyCode.of("USD").minorDigits()).isEqualTo(2);
        assertThat(CurrencyCode.of("KWD").minorDigits()).isEqualTo(3);
    }

    @Test
    void namesAreTrimmedAndMustNotBeBlankOrTooLong() {
        assertThat(new Seller.Draft(SellerCode.of("ACME"), "  Acme Ltd ", CurrencyCode.of("USD")).name())
                .isEqualTo("Acme Ltd");
        assertThatThrownBy(() -> new Seller.Draft(SellerCode.of("ACME"), " ", CurrencyCode.of("USD")))
                .isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> new Seller.Draft(SellerCode.of("ACME"), "x".repeat(201), CurrencyCode.of("USD")))
                .isInstanceOf(ValidationException.class).hasMessageContaining("at most 200");
        assertThatThrownBy(() -> new Seller.Draft(SellerCode.of("ACME"), "Acme\u0000", CurrencyCode.of("USD")))
                .isInstanceOf(ValidationException.class).hasMessageContaining("control");
    }

    @Test
    void suspendingRequiresAReasonAndRecordsIt() {
        Seller suspended = active().suspend("KYC documents expired");
        assertThat(suspended.status()).isEqualTo(SellerStatus.SUSPENDED);
        assertThat(suspended.suspensionReason()).contains("KYC documents expired");
        assertThatThrownBy(() -> active().suspend("  ")).isInstanceOf(ValidationException.class);
    }

    @Test
    void reinstatingClearsTheReason() {
        Seller back = active().suspend("late shipments").reinstate();
        assertThat(back.isActive()).isTrue();
        assertThat(back.suspensionReason()).isEmpty();
    }

    @Test
    void transitionsOutsideTheTableAreRefused() {
        assertThatThrownBy(() -> active().reinstate()).isInstanceOf(RuleViolation.class);
        assertThatThrownBy(() -> active().suspend("a").suspend("b")).isInstanceOf(RuleViolation.class);
    }

    @Test
    void transitionTableHoldsPairByPair() {
        for (SellerStatus from : SellerStatus.values()) {
            for (SellerStatus to : SellerStatus.values()) {
                boolean expected = from != to;
                assertThat(from.canMoveTo(to)).as(from + " -> " + to).isEqualTo(expected);
            }
        }
    }

    @Test
    void aSellerCannotBeBuiltInAnInconsistentState() {
        assertThatThrownBy(() -> new Seller(new SellerId(1), SellerCode.of("ACME"), "Acme", CurrencyCode.of("USD"),
                SellerStatus.SUSPENDED, Optional.empty(), Instant.EPOCH, 0)).isInstanceOf(IllegalStateException.class);
    }
}
