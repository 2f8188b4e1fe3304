package com.bazaar.domain;

import com.bazaar.domain.event.Event;
import com.bazaar.domain.order.OrderEvent;
import com.bazaar.domain.order.OrderStatus;
import com.bazaar.domain.payment.PaymentEvent;
import com.bazaar.domain.payment.PaymentOperation;
import com.bazaar.domain.shared.Json;
import com.bazaar.domain.support.StoredEvents;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Event payloads are a public contract (docs/events.md): a payload stored as the code wrote it before the events were
 * typed - the literals below, byte for byte - still reads into its typed record, and that record writes exactly the
 * same JSON again. Every event type has a stored payload here.
 */
class StoredEventPayloadsStayReadableTest {

    private static final String ORDER = "{\"order\":1001,\"buyer\":\"paid\",\"status\":\"%s\",\"total\":\"20.00\","
            + "\"currency\":\"USD\",\"lines\":[{\"sku\":\"MUG\",\"quantity\":2,\"unitPrice\":\"11.00\","
            + "\"discount\":\"1.00\",\"total\":\"20.00\"}]";
    private static final String PAYMENT = "{\"payment\":5001,\"order\":1001,\"status\":\"%s\",%s\"amount\":\"20.00\","
            + "\"captured\":\"%s\",\"refunded\":\"0.00\",\"currency\":\"USD\"}";
    private static final String REFUND = "{\"refund\":9001,\"payment\":5001,\"amount\":\"1.00\",\"currency\":\"USD\","
            + "\"status\":\"%s\",\"reason\":\"scratch\"}";

    static Stream<Arguments> storedPayloads() {
        return Stream.of(
                Arguments.of("ProductCreated", "1", "{\"sku\":\"MUG\",\"title\":\"Blue \\\"mug\\\"\",\"description\":"
                        + "\"Holds tea\",\"category\":\"kitchen\",\"attributes\":{\"colour\":\"blue\",\"size\":\"L\"},"
                        + "\"price\":\"10.00\",\"currency\":\"USD\",\"status\":\"DRAFT\"}"),
                Arguments.of("ProductStatusChanged", "4", "{\"sku\":\"NO\",\"title\":\"NO\",\"price\":\"10.51\","
                        + "\"currency\":\"USD\",\"status\":\"SUSPENDED\",\"previousStatus\":\"ACTIVE\","
                        + "\"previousPrice\":\"10.51\"}"),
                Arguments.of("ProductPriceChanged", "1", "{\"sku\":\"MUG\",\"title\":\"MUG\",\"price\":\"11.00\","
                        + "\"currency\":\"USD\",\"status\":\"ACTIVE\",\"previousStatus\":\"ACTIVE\","
                        + "\"previousPrice\":\"10.00\"}"),
                Arguments.of("CatalogImported", "ACME", "{\"file\":\"catalog.csv\",\"sha256\":\"9f86d081\","
                        + "\"policy\":\"reject-file\",\"created\":1,\"updated\":0,\"unchanged\":0,\"rejected\":0}"),
                Arguments.of("StockAdjusted", "1", "{\"onHand\":20,\"reserved\":0,\"sku\":\"MUG\",\"delta\":20}"),
                Arguments.of("InventorySynced", "ACME", "{\"file\":\"stock.csv\",\"sha256\":\"60303ae2\","
                        + "\"changed\":1,\"unchanged\":0,\"rejected\":0}"),
                Arguments.of("DiscountCreated", "ACME", "{\"discount\":1,\"scope\":\"PRODUCT\",\"sku\":\"MUG\","
                        + "\"amountPerUnit\":\"1.00\",\"validFrom\":\"2026-11-25T10:00:00Z\"}"),
                Arguments.of("DiscountCreated", "ACME", "{\"discount\":2,\"scope\":\"CATEGORY\",\"category\":"
                        + "\"kitchen\",\"percentBasisPoints\":1250,\"validFrom\":\"2026-11-25T10:00:00.123456Z\","
                        + "\"validUntil\":\"2026-12-01T00:00:00Z\"}"),
                Arguments.of("OrderPlaced", "1001", ORDER.formatted("PLACED")
                        + ",\"seller\":\"ACME\",\"payment\":5001}"),
                Arguments.of("StockReserved", "1001", "{\"order\":1001,\"expiresAt\":\"2026-11-25T10:15:00Z\","
                        + "\"lines\":[\"MUG:2\",\"SLOW.1:1\"]}"),
                Arguments.of("OrderCancelled", "1001", ORDER.formatted("CANCELLED") + "}"),
                Arguments.of("ReservationExpired", "1005", "{\"order\":1005}"),
                Arguments.of("OrderShipped", "1001", ORDER.formatted("SHIPPED") + "}"),
                Arguments.of("OrderDelivered", "1001", ORDER.formatted("DELIVERED") + "}"),
                Arguments.of("OrderPaid", "1001", "{\"order\":1001}"),
                Arguments.of("PaymentAuthorized", "5001", PAYMENT.formatted("AUTHORIZED", "", "0.00")),
                Arguments.of("PaymentCaptured", "5001", PAYMENT.formatted("CAPTURED", "", "20.00")),
                Arguments.of("PaymentVoided", "5001", PAYMENT.formatted("VOIDED", "", "0.00")),
                Arguments.of("PaymentFailed", "5001", PAYMENT.formatted("FAILED", "", "0.00")),
                Arguments.of("PaymentPending", "5001", PAYMENT.formatted("PENDING", "\"inFlight\":\"AUTHORIZE\",",
                        "0.00")),
                Arguments.of("PaymentUnknown", "5001", PAYMENT.formatted("UNKNOWN", "\"inFlight\":\"CAPTURE\",",
                        "0.00")),
                Arguments.of("RefundRequested", "5001", REFUND.formatted("PENDING")),
                Arguments.of("RefundIssued", "5001", REFUND.formatted("SUCCEEDED")),
                Arguments.of("RefundFailed", "5001", REFUND.formatted("FAILED")),
                Arguments.of("RefundInDoubt", "5001", REFUND.formatted("UNKNOWN")),
                Arguments.of("ReconciliationCompleted", "1", "{\"run\":1,\"supersedes\":[],"
                        + "\"MISSING_IN_LEDGER/USD\":1,\"MATCHED/USD\":3}"),
                Arguments.of("DiscrepancyResolved", "1", "{\"item\":7,\"run\":1,\"category\":\"MISSING_IN_LEDGER\","
                        + "\"status\":\"AWAITING_APPROVAL\",\"resolution\":\"WRITTEN_OFF\",\"resolvedBy\":\"fiona\","
                        + "\"difference\":\"500.00\"}"),
                Arguments.of("WriteOffApproved", "1", "{\"item\":7,\"run\":1,\"category\":\"MISSING_IN_LEDGER\","
                        + "\"status\":\"RESOLVED\",\"resolution\":\"WRITTEN_OFF\",\"resolvedBy\":\"fiona\","
                        + "\"approvedBy\":\"farid\",\"difference\":\"500.00\"}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("storedPayloads")
    void aStoredPayloadReadsIntoItsRecordAndIsWrittenAgainByteForByte(String type, String aggregateId, String json) {
        Event event = StoredEvents.read(type, aggregateId, json);
        assertThat(event.type()).isEqualTo(type);
        assertThat(event.version()).isEqualTo(1);
        assertThat(event.aggregateId()).isEqualTo(aggregateId);
        assertThat(Json.write(event.payload())).isEqualTo(json);
    }

    @Test
    void everyEventTypeHasAStoredPayloadHere() {
        List<String> covered = storedPayloads().map(a -> (String) a.get()[0]).distinct().sorted().toList();
        assertThat(covered).containsExactlyInAnyOrderElementsOf(
                StoredEvents.types().stream().map(Class::getSimpleName).toList());
    }

    @Test
    void theFieldsAreTyped() {
        var placed = (OrderEvent.OrderPlaced) StoredEvents.read("OrderPlaced", "1001", ORDER.formatted("PLACED")
                + ",\"seller\":\"ACME\",\"payment\":5001}");
        assertThat(placed.state().status()).isEqualTo(OrderStatus.PLACED);
        assertThat(placed.state().lines().get(0).unitPrice().minor()).isEqualTo(1100);
        assertThat(placed.seller().value()).isEqualTo("ACME");
        var reserved = (OrderEvent.StockReserved) StoredEvents.read("StockReserved", "1001", "{\"order\":1001,"
                + "\"expiresAt\":\"2026-11-25T10:15:00Z\",\"lines\":[\"SLOW.1:3\"]}");
        assertThat(reserved.lines().get(0).quantity()).isEqualTo(3);
        var pending = (PaymentEvent.PaymentPending) StoredEvents.read("PaymentPending", "5001",
                PAYMENT.formatted("PENDING", "\"inFlight\":\"AUTHORIZE\",", "0.00"));
        assertThat(pending.state().inFlight()).isEqualTo(Optional.of(PaymentOperation.AUTHORIZE));
    }

    @Test
    void aPayloadThatDoesNotFitItsTypeIsRefused() {
        assertThatThrownBy(() -> StoredEvents.read("PaymentCaptured", "5001", PAYMENT.formatted("VOIDED", "", "0.00")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> StoredEvents.read("OrderPaid", "1001", "{}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("order");
        assertThatThrownBy(() -> StoredEvents.read("SellerRenamed", "ACME", "{}"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unknown event type");
    }
}
