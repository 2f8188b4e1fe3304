package com.bazaar.events.broker;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A pid file is believed only when its process is this home's broker: a pid that is gone, or that runs something
 * else, makes it stale; status says so, stop clears it; a broker whose pid file is lost is found by its command line
 * and stopped with SIGTERM. (Stand-ins for the broker are shell processes whose command line names {@code kafka.Kafka}
 * and the home's {@code server.properties}, as the broker's does; the real broker is KafkaBrokerIT's.)
 */
class StalePidFilesAreRecognisedTest {

    @TempDir
    Path home;

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void killStandIns() {
        started.forEach(Process::destroyForcibly);
    }

    private LocalKafkaBroker broker() {
        return new LocalKafkaBroker(home, new PlainBrokerFiles(), ChildJvm.current());
    }

    private Path kafka() throws Exception {
        Path dir = Files.createDirectories(home.resolve("kafka"));
        Files.writeString(dir.resolve("server.properties"), new BrokerProperties(40001, 40002, dir.resolve("data"))
                .text());
        return dir;
    }

    /** A process whose command line is that of this home's broker (it does not listen). */
    private Process standIn(Path serverProperties) throws Exception {
        Process p = new ProcessBuilder("sh", "-c", "sleep 60; true", LocalKafkaBroker.MAIN_CLASS,
                serverProperties.toString()).start();
        started.add(p);
        return p;
    }

    private static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        return p.pid();
    }

    @Test
    void aPidFileIsOnlyADecimalPid() {
        assertThat(BrokerPidFile.parse("12345\n")).contains(new BrokerPidFile(12345));
        for (String notAPid : List.of("", "\n", "abc", "-5", "0", "12 34", "１２", "99999999999999999999")) {
            assertThat(BrokerPidFile.parse(notAPid)).as("'" + notAPid + "'").isEmpty();
        }
    }

    @Test
    void aPidIsOursOnlyWhileItRunsThisHomesBroker() throws Exception {
        Path properties = kafka().resolve("server.properties");
        Process broker = standIn(properties);
        assertThat(new BrokerPidFile(broker.pid()).liveness(properties)).isEqualTo(BrokerPidFile.Liveness.OURS);
        assertThat(new BrokerPidFile(broker.pid()).liveness(home.resolve("elsewhere/server.properties")))
                .as("another home's broker").isEqualTo(BrokerPidFile.Liveness.OTHER);
        assertThat(new BrokerPidFile(ProcessHandle.current().pid()).liveness(properties))
                .as("a pid reused by another program").isEqualTo(BrokerPidFile.Liveness.OTHER);
        assertThat(new BrokerPidFile(deadPid()).liveness(properties)).isEqualTo(BrokerPidFile.Liveness.GONE);
    }

    @Test
    void aFreshHomeIsStoppedAndStatusCreatesNothing() {
        var status = broker().status();
        assertThat(status.state()).isEqualTo(LocalKafkaBroker.State.STOPPED);
        assertThat(status.pid()).isEmpty();
        assertThat(status.bootstrapServers()).isEmpty();
        assertThat(home.resolve("kafka")).doesNotExist();
        assertThat(broker().stop()).isEqualTo(new LocalKafkaBroker.NotRunning(Optional.empty()));
    }

    @Test
    void aPidFileOfADeadOrForeignProcessIsStaleAndStopClearsIt() throws Exception {
        Path dir = kafka();
        for (long pid : new long[]{deadPid(), ProcessHandle.current().pid()}) {
            Files.writeString(dir.resolve("broker.pid"), pid + "\n");
            var status = broker().status();
            assertThat(status.state()).isEqualTo(LocalKafkaBroker.State.STALE);
            assertThat(status.pid()).contains(pid);
            assertThat(status.bootstrapServers()).contains("127.0.0.1:40001");
            assertThat(broker().stop()).isEqualTo(new LocalKafkaBroker.NotRunning(Optional.of(pid)));
            assertThat(dir.resolve("broker.pid")).doesNotExist();
            assertThat(broker().status().state()).isEqualTo(LocalKafkaBroker.State.STOPPED);
            assertThat(ProcessHandle.current().isAlive()).isTrue();
        }
    }

    @Test
    void aBrokerWhosePidFileWasLostIsFoundAndStoppedBySigterm() throws Exception {
        Path dir = kafka();
        Process broker = standIn(dir.resolve("server.properties"));
        var status = broker().status();
        assertThat(status.state()).as("it runs, but does not listen").isEqualTo(LocalKafkaBroker.State.STARTING);
        assertThat(status.pid()).contains(broker.pid());
        assertThat(broker().stop()).isEqualTo(new LocalKafkaBroker.Stopped(broker.pid()));
        assertThat(broker.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(broker.exitValue()).as("ended by SIGTERM").isEqualTo(128 + 15);
        assertThat(broker().status().state()).isEqualTo(LocalKafkaBroker.State.STOPPED);
    }
}
