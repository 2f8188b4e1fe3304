package com.bazaar.events.broker;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The broker's {@code server.properties}: one node that is both broker and controller (KRaft combined mode, a static
 * quorum of itself), listening on 127.0.0.1 only, plaintext, replication factors of one. Bazaar writes it at the first
 * start with two free ports and reads the ports back from its {@code listeners}; at a later start a port another
 * program took is replaced by a free one (the quorum is static, so the broker does not care).
 */
record BrokerProperties(int brokerPort, int controllerPort, Path dataDirectory) {

    static final String HOST = "127.0.0.1";
    static final String CONTROLLER_LISTENER = "CONTROLLER";
    static final int NODE_ID = 1;

    private static final Pattern LISTENER = Pattern.compile("(PLAINTEXT|CONTROLLER)://127\\.0\\.0\\.1:(\\d{1,5})");

    BrokerProperties {
        if (!validPort(brokerPort) || !validPort(controllerPort) || brokerPort == controllerPort) {
            throw new IllegalArgumentException("two different ports from 1 to 65535: " + brokerPort + ", "
                    + controllerPort);
        }
    }

    /** Where clients connect: {@code 127.0.0.1:PORT}. */
    String bootstrapServers() {
        return HOST + ":" + brokerPort;
    }

    BrokerProperties withPorts(int broker, int controller) {
        return new BrokerProperties(broker, controller, dataDirectory);
    }

    String text() {
        return String.join("\n",
                "# The local Kafka broker of this Bazaar home, written by bazaar. The ports were free when chosen;",
                "# bazaar reads them back from 'listeners' and replaces one that another program has taken since.",
                "process.roles=broker,controller",
                "node.id=" + NODE_ID,
                "controller.quorum.voters=" + NODE_ID + "@" + HOST + ":" + controllerPort,
                "listeners=PLAINTEXT://" + HOST + ":" + brokerPort + "," + CONTROLLER_LISTENER + "://" + HOST + ":"
                        + controllerPort,
                "advertised.listeners=PLAINTEXT://" + HOST + ":" + brokerPort,
                "controller.listener.names=" + CONTROLLER_LISTENER,
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT",
                "log.dirs=" + escape(dataDirectory.toAbsolutePath().toString()),
                "num.partitions=1",
                "auto.create.topics.enable=true",
                "offsets.topic.replication.factor=1",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "");
    }

    /** The ports of a file bazaar wrote, or empty when its listeners are not the two bazaar writes. */
    static Optional<BrokerProperties> parse(String text, Path dataDirectory) {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(text));
        } catch (IOException | IllegalArgumentException e) {
            return Optional.empty();
        }
        Matcher m = LISTENER.matcher(properties.getProperty("listeners", ""));
        Integer broker = null;
        Integer controller = null;
        while (m.find()) {
            int port = Integer.parseInt(m.group(2));
            if (m.group(1).equals("PLAINTEXT")) {
                broker = port;
            } else {
                controller = port;
            }
        }
        if (broker == null || controller == null || !validPort(broker) || !validPort(controller)
                || broker.equals(controller)) {
            return Optional.empty();
        }
        return Optional.of(new BrokerProperties(broker, controller, dataDirectory));
    }

    private static boolean validPort(int port) {
        return port > 0 && port <= 65_535;
    }

    /** A value of a properties file: backslashes and the characters Properties treats specially, escaped. */
    private static String escape(String value) {
        StringBuilder out = new StringBuilder();
        for (char c : value.toCharArray()) {
            switch (c) {
                case '\\', ':', '=', '#', '!' -> out.append('\\').append(c);
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
