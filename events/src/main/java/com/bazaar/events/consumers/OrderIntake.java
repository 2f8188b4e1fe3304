package com.bazaar.events.consumers;

import com.bazaar.domain.identity.Actor;
import com.bazaar.domain.order.application.TakeOrderRequest;
import com.bazaar.domain.shared.CorrelationId;
import com.bazaar.domain.shared.Json;
import com.bazaar.domain.shared.ValidationException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.springframework.kafka.core.KafkaTemplate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Consumer {@code order-intake}: reads order requests from {@code bazaar.order-requests.v1}, places each through
 * {@link TakeOrderRequest} (the same {@code PlaceOrder} as {@code order place}) and answers on {@code
 * bazaar.order-results.v1}, keyed by the idempotency key. A request delivered twice is placed once: the idempotency key
 * is its record of what was applied (stored with the order, in the order's transaction), and the answer to the repeat
 * is {@code PLACED} with the same order. A refusal is an answer; only a request that cannot be read (not JSON, a
 * required field missing or of the wrong type) or of an unknown version goes to the dead-letter topic.
 */
public final class OrderIntake implements EventConsumer {

    public static final String NAME = "order-intake";
    /** The version of the request and result payloads this code reads and writes. */
    public static final String VERSION = "1";

    private final Topics topics;
    private final TakeOrderRequest take;
    private final Actor worker;
    private final KafkaTemplate<String, String> template;

    public OrderIntake(Topics topics, TakeOrderRequest take, Actor worker, KafkaTemplate<String, String> template) {
        this.topics = topics;
        this.take = take;
        this.worker = worker;
        this.template = template;
    }

    /** Order placements are writes: while the database is slow, the requests wait in Kafka. */
    @Override
    public boolean backPressure() {
        return true;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<String> topics() {
        return topicsOf(topics);
    }

    /** The topics this consumer reads under these topic names. */
    public static List<String> topicsOf(Topics topics) {
        return List.of(topics.orderRequests());
    }

    @Override
    public String handle(ConsumerRecord<String, String> record) {
        String version = EventHeaders.text(record.headers(), EventHeaders.EVENT_VERSION).orElse(VERSION);
        if (!version.equals(VERSION)) {
            throw new Poison("UNKNOWN_VERSION", "order request version " + version + " (this worker reads "
                    + VERSION + ")");
        }
        CorrelationId correlation = EventHeaders.text(record.headers(), EventHeaders.CORRELATION_ID)
                .flatMap(OrderIntake::correlation)
                .orElseGet(() -> new CorrelationId("kafka-" + record.partition() + "-" + record.offset()));
        TakeOrderRequest.Request request = parse(record.value(), correlation);
        TakeOrderRequest.Answer answer = take.take(worker, request);
        Map<String, Object> result = result(request.idempotencyKey(), answer);
        var out = new ProducerRecord<>(topics.orderResults(), request.idempotencyKey(), Json.write(result));
        out.headers().add(new RecordHeader(EventHeaders.EVENT_TYPE, EventHeaders.bytes("OrderResult")));
        out.headers().add(new RecordHeader(EventHeaders.EVENT_VERSION, EventHeaders.bytes(VERSION)));
        out.headers().add(new RecordHeader(EventHeaders.CORRELATION_ID, EventHeaders.bytes(correlation.value())));
        Broker.await(template.send(out), "the result could not be published to " + topics.orderResults());
        if (answer instanceof TakeOrderRequest.Placed placed) {
            return placed.replayed() ? "replayed" : "placed";
        }
        return "refused";
    }

    private static java.util.Optional<CorrelationId> correlation(String raw) {
        try {
            return java.util.Optional.of(new CorrelationId(raw));
        } catch (ValidationException e) {
            return java.util.Optional.empty();
        }
    }

    /** The request's JSON (docs/events.md, "Order intake"); anything that does not fit is poison. */
    static TakeOrderRequest.Request parse(String json, CorrelationId correlation) {
        Map<String, Object> body;
        try {
            body = Json.readObject(json == null ? "" : json);
        } catch (RuntimeException e) {
            throw new Poison("UNPARSEABLE", "an order request is a JSON object: " + e.getMessage(), e);
        }
        List<TakeOrderRequest.Request.Line> lines = new ArrayList<>();
        if (!(body.get("lines") instanceof List<?> raw)) {
            throw new Poison("UNPARSEABLE", "an order request needs 'lines', an array");
        }
        for (Object line : raw) {
            if (!(line instanceof Map<?, ?> map) || !(map.get("sku") instanceof String sku)
                    || !(map.get("quantity") instanceof Long quantity)) {
                throw new Poison("UNPARSEABLE", "each line is an object with 'sku' (string) and 'quantity' (integer)");
            }
            lines.add(new TakeOrderRequest.Request.Line(sku, quantity));
        }
        return new TakeOrderRequest.Request(text(body, "idempotency_key"), text(body, "seller"), text(body, "buyer"),
                lines, text(body, "requested_by"), correlation);
    }

    private static String text(Map<String, Object> body, String field) {
        if (!(body.get(field) instanceof String value)) {
            throw new Poison("UNPARSEABLE", "an order request needs '" + field + "', a string");
        }
        return value;
    }

    /** The result's JSON (docs/events.md, "Order intake"). */
    static Map<String, Object> result(String key, TakeOrderRequest.Answer answer) {
        Map<String, Object> json = Json.object();
        json.put("idempotency_key", key);
        if (answer instanceof TakeOrderRequest.Placed placed) {
            var order = placed.order().order();
            json.put("status", "PLACED");
            json.put("order", order.id().value());
            json.put("seller", placed.order().seller().value());
            json.put("total", order.total().decimal());
            json.put("currency", order.total().currency().value());
            json.put("replayed", placed.replayed());
        } else {
            var refused = (TakeOrderRequest.Refused) answer;
            json.put("status", "REFUSED");
            json.put("reason", refused.code());
            json.put("kind", refused.kind());
            json.put("message", refused.message());
            refused.retryAfterSeconds().ifPresent(seconds -> json.put("retry_after", seconds));
        }
        return json;
    }
}
