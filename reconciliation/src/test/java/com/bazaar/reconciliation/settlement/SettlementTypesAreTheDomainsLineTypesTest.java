package com.bazaar.reconciliation.settlement;

import com.bazaar.domain.reconciliation.ClassificationRules.LineType;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** The job stages a record's type by name: every parser type is a line type the classifier knows, and back. */
class SettlementTypesAreTheDomainsLineTypesTest {

    @Test
    void theTypesHaveTheSameNames() {
        assertThat(Arrays.stream(SettlementRecord.Type.values()).map(Enum::name))
                .containsExactlyElementsOf(Arrays.stream(LineType.values()).map(Enum::name).toList());
    }
}
