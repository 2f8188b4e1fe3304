package com.bazaar.events;

import com.bazaar.events.consumers.Worker;
import com.bazaar.events.relay.KafkaEventPublisher;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The client properties of a secured cluster ({@link KafkaConnection}) reach every Kafka client, and can only secure
 * the connection: of every setting the Kafka producer, consumer and admin client know, the ones that decide how events
 * are delivered (acknowledgements, idempotence, isolation, groups, offsets, serializers, transactions, the bootstrap
 * servers) are refused, and nothing accepted is a setting Bazaar gives its clients itself, so a property can never
 * replace one. The values are secrets: the connection's text names the keys only.
 */
class ClientPropertiesCannotChangeHowEventsAreDeliveredTest {

    private static final String SECRET = "jaas-secret-value";
    private static final Map<String, String> SASL = Map.of("security.protocol", "SASL_SSL", "sasl.mechanism",
            "SCRAM-SHA-512", "sasl.jaas.config", "org.apache.kafka.common.security.scram.ScramLoginModule required"
                    + " username=\"bazaar\" password=\"" + SECRET + "\";",
            "ssl.truststore.location", "/etc/bazaar/truststore.p12", "ssl.truststore.password", SECRET);

    private static Set<String> everyClientSetting() {
        Set<String> all = new TreeSet<>(ProducerConfig.configNames());
        all.addAll(ConsumerConfig.configNames());
        all.addAll(AdminClientConfig.configNames());
        return all;
    }

    @Test
    void settingsThatDecideDeliveryAreRefusedWithTheirReason() {
        for (String key : new String[]{"acks", "enable.idempotence", "max.in.flight.requests.per.connection",
                "retries", "delivery.timeout.ms", "transactional.id", "isolation.level", "group.id",
                "group.instance.id", "enable.auto.commit", "auto.offset.reset", "key.serializer", "value.deserializer",
                "interceptor.classes", "partitioner.class", "client.id"}) {
            assertThat(KafkaConnection.refusal(key, "x")).as(key).hasValueSatisfying(why ->
                    assertThat(why).startsWith("Bazaar sets it itself"));
        }
        assertThat(KafkaConnection.refusal("bootstrap.servers", "evil:9092")).hasValueSatisfying(why ->
                assertThat(why).contains("kafka.bootstrap-servers"));
        assertThat(KafkaConnection.refusal("metric.reporters", "x")).hasValueSatisfying(why ->
                assertThat(why).startsWith("not a security or connection setting"));
        assertThat(KafkaConnection.refusal("security.protocol", "SASL_TLS")).hasValueSatisfying(why ->
                assertThat(why).contains("SASL_SSL").doesNotContain("SASL_TLS"));
    }

    @Test
    void ofEveryKafkaClientSettingOnlySecurityAndConnectionOnesAreAccepted() {
        Set<String> accepted = new TreeSet<>();
        for (String key : everyClientSetting()) {
            if (KafkaConnection.refusal(key, "SASL_SSL").isEmpty()) {
                accepted.add(key);
            }
        }
        assertThat(accepted).isNotEmpty().allSatisfy(key -> assertThat(key.startsWith("sasl.")
                || key.startsWith("ssl.") || KafkaConnection.ALLOWED_KEYS.contains(key)).as(key).isTrue());
        assertThat(everyClientSetting()).as("every key accepted by name is a real Kafka client setting")
                .containsAll(KafkaConnection.ALLOWED_KEYS);
        Set<String> bazaars = new TreeSet<>(Worker.producerConfig("h:9092").keySet());
        bazaars.addAll(KafkaEventPublisher.producerConfig("h:9092").keySet());
        bazaars.addAll(Set.of(ConsumerConfig.GROUP_ID_CONFIG, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, ConsumerConfig.MAX_POLL_RECORDS_CONFIG,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG));
        assertThat(accepted).as("nothing Bazaar sets itself can be given as a client property")
                .doesNotContainAnyElementsOf(bazaars);
    }

    @Test
    void everyProducerGetsThePropertiesBesideBazaarsOwnSettings() {
        var connection = new KafkaConnection("k1.example:9093", SASL);
        for (Map<String, Object> config : List.of(Worker.producerConfig(connection),
                KafkaEventPublisher.producerConfig(connection),
                KafkaEventPublisher.Settings.of(connection).connection().config(Map.of("acks", "all")))) {
            assertThat(config).containsAllEntriesOf(SASL).containsEntry("bootstrap.servers", "k1.example:9093")
                    .containsEntry("acks", "all");
        }
        assertThat(Worker.producerConfig(connection)).containsEntry("enable.idempotence", true);
        assertThat(Worker.Settings.of(connection).bootstrapServers()).isEqualTo("k1.example:9093");
        assertThat(Worker.Settings.of("plain:9092").connection().clientProperties()).isEmpty();
        assertThat(new KafkaEventPublisher.Settings("plain:9092", "bazaar", 3, (short) 1).connection())
                .isEqualTo(KafkaConnection.plaintext("plain:9092"));
    }

    @Test
    void aConnectionRefusesWhatItMayNotCarryAndNeverShowsAValue() {
        assertThatThrownBy(() -> new KafkaConnection("k:9092", Map.of("acks", "0")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("acks");
        assertThatThrownBy(() -> KafkaConnection.plaintext(" ")).isInstanceOf(IllegalArgumentException.class);
        var connection = new KafkaConnection("k1.example:9093", SASL);
        assertThat(connection.toString()).contains("k1.example:9093", "sasl.jaas.config", "ssl.truststore.password")
                .doesNotContain(SECRET);
        assertThat(Worker.Settings.of(connection).toString()).doesNotContain(SECRET);
        assertThat(KafkaEventPublisher.Settings.of(connection).toString()).doesNotContain(SECRET);
    }
}
