package com.bazaar.reconciliation.settlement;

import com.bazaar.domain.shared.ValidationException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The formats are found by their command-line names, and an unknown name says which ones exist. */
class SettlementFormatsTest {

    @Test
    void eachKnownNameGivesItsParser() {
        assertThat(SettlementFormats.named("generic")).isInstanceOf(GenericSettlementParser.class);
        assertThat(SettlementFormats.named("stripe")).isInstanceOf(StripeSettlementParser.class);
        assertThat(SettlementFormats.named("adyen")).isInstanceOf(AdyenSettlementParser.class);
        for (String name : SettlementFormats.NAMES) {
            assertThat(SettlementFormats.named(name).name()).isEqualTo(name);
        }
    }

    @Test
    void namesAreCaseInsensitiveAndTrimmed() {
        assertThat(SettlementFormats.named(" Adyen ").name()).isEqualTo("adyen");
    }

    @Test
    void anUnknownNameIsFormatInvalidNamingTheKnownFormats() {
        assertThatThrownBy(() -> SettlementFormats.named("paypal"))
                .isInstanceOfSatisfying(ValidationException.class, e -> {
                    assertThat(e.code()).isEqualTo("FORMAT_INVALID");
                    assertThat(e.field()).isEqualTo("format");
                    assertThat(e.getMessage()).contains("'paypal'").contains("generic, stripe, adyen");
                });
        assertThatThrownBy(() -> SettlementFormats.named(null))
                .isInstanceOfSatisfying(ValidationException.class,
                        e -> assertThat(e.code()).isEqualTo("FORMAT_INVALID"));
    }
}
