package com.bazaar.cli.shell;

import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.logging.LoggingSystem;

import java.util.Map;

/** Starts the Spring Shell console over a session and returns, when the user leaves, the last exit code. */
public final class Console {

    private Console() {
    }

    public static int run(ConsoleSession session) {
        // logging is configured already (text or JSON, see BazaarMain); Boot must not re-initialise it
        System.setProperty(LoggingSystem.SYSTEM_PROPERTY, LoggingSystem.NONE);
        ConsoleTerminal.harden(); // before JLine builds the terminal: no program through PATH
        SpringApplication application = new SpringApplication(ConsoleApplication.class);
        application.setWebApplicationType(WebApplicationType.NONE);
        application.setBannerMode(Banner.Mode.OFF);
        application.setLogStartupInfo(false);
        application.setAddCommandLineProperties(false);
        application.setDefaultProperties(Map.of(
                "spring.shell.interactive.enabled", "true",
                "spring.shell.history.name", session.history().toAbsolutePath().toString(),
                "spring.shell.command.help.enabled", "false", // ours: picocli's help of every command
                "spring.shell.command.version.enabled", "false", // 'bazaar --version' says it
                "spring.shell.command.script.enabled", "false")); // 'bazaar shell < file' runs a script
        application.addInitializers(context -> context.getBeanFactory().registerSingleton("consoleSession", session));
        try (var context = application.run()) {
            return session.lastExitCode();
        }
    }
}
