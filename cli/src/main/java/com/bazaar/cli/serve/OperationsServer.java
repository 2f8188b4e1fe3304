package com.bazaar.cli.serve;

import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.logging.LoggingSystem;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

/** Starts the serve application and blocks until it is stopped (SIGTERM, Ctrl-C) . */
public final class OperationsServer {

    private OperationsServer() {
    }

    /** Boot's settings for the server: only health and prometheus are exposed, health with its details. */
    static Map<String, Object> properties(ServeSettings settings) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("server.address", settings.bind());
        p.put("server.port", settings.port());
        p.put("server.shutdown", "graceful");
        p.put("management.endpoints.web.exposure.include", "health,prometheus");
        p.put("management.endpoint.health.show-details", "always");
        p.put("management.endpoint.health.show-components", "always");
        p.put("spring.main.banner-mode", "off");
        p.put("spring.jmx.enabled", false);
        // Spring Shell is on the class path for 'bazaar shell'; the server must not start a console
        p.put("spring.autoconfigure.exclude", "org.springframework.shell.core.autoconfigure.SpringShellAutoConfiguration");
        p.put("spring.shell.interactive.enabled", false);
        return p;
    }

    /** Runs until the process is asked to stop; returns once the application context closed. */
    public static void run(ServeRuntime runtime, PrintWriter out) {
        // Logging is already configured (text or JSON, see BazaarMain); Boot must not re-initialise it.
        System.setProperty(LoggingSystem.SYSTEM_PROPERTY, LoggingSystem.NONE);
        SpringApplication application = new SpringApplication(ServeApplication.class);
        application.setWebApplicationType(WebApplicationType.SERVLET);
        application.setBannerMode(Banner.Mode.OFF);
        application.setLogStartupInfo(false);
        application.setAddCommandLineProperties(false);
        application.setDefaultProperties(properties(runtime.settings()));
        application.addInitializers(context -> context.getBeanFactory().registerSingleton("serveRuntime", runtime));
        CountDownLatch closed = new CountDownLatch(1);
        application.addListeners(event -> {
            if (event instanceof ContextClosedEvent) {
                closed.countDown();
            }
        });
        ConfigurableApplicationContext context = application.run();
        ScheduledWork work = context.getBean(ScheduledWork.class);
        var settings = runtime.settings();
        out.println("bazaar serve: listening on http://" + work.listenAddress()
                + " (/actuator/health, /actuator/prometheus); reservation expiry "
                + every(settings.expireEvery()) + ", payment janitor " + every(settings.settleEvery())
                + ", audit chain verified " + every(settings.verifyAuditEvery()) + ", anchored "
                + every(settings.anchorEvery())
                + settings.events().map(kafka -> ", outbox relayed to Kafka " + every(settings.relayEvery()))
                        .orElse("")
                + ". Stop with Ctrl-C or SIGTERM.");
        out.flush();
        try {
            closed.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            context.close();
        }
    }

    private static String every(java.time.Duration interval) {
        return interval.isZero() ? "off" : "every " + interval.toSeconds() + "s";
    }
}
