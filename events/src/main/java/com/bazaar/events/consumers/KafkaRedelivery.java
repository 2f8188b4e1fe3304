package com.bazaar.events.consumers;

import com.bazaar.domain.event.DeadLetter;
import com.bazaar.domain.event.Redelivery;
import com.bazaar.events.KafkaConnection;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * {@link Redelivery} on a Kafka producer: the dead letter's record goes back to its topic with its key, payload and
 * headers, plus {@link EventHeaders#REPLAY_OF}; returns once the broker acknowledged it (acks=all).
 */
public final class KafkaRedelivery implements Redelivery, AutoCloseable {

    private final KafkaProducer<String, String> producer;

    /** On a plaintext connection without authentication. */
    public KafkaRedelivery(String bootstrapServers) {
        this(KafkaConnection.plaintext(bootstrapServers));
    }

    public KafkaRedelivery(KafkaConnection connection) {
        this.producer = new KafkaProducer<>(Worker.producerConfig(connection), new StringSerializer(),
                new StringSerializer());
    }

    @Override
    public void redeliver(DeadLetter letter) {
        var arrival = letter.arrival();
        var record = new ProducerRecord<>(arrival.topic(), arrival.key().orElse(null), arrival.payload());
        arrival.headers().forEach((name, value) -> record.headers().add(new RecordHeader(name, EventHeaders.bytes(value))));
        record.headers().remove(EventHeaders.REPLAY_OF);
        record.headers().add(new RecordHeader(EventHeaders.REPLAY_OF, EventHeaders.bytes(Long.toString(letter.id()))));
        Broker.await(producer.send(record), "dead letter " + letter.id() + " could not be put back on " + arrival.topic());
    }

    @Override
    public void close() {
        producer.close();
    }
}
