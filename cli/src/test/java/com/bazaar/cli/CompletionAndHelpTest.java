package com.bazaar.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code bazaar completion bash|zsh|fish} prints scripts a shell accepts (bash sources it here and completes the
 * nouns); {@code bazaar help NOUN VERB} is {@code bazaar NOUN VERB --help}; {@code -o} is {@code --output}.
 * None of them needs a token or a database.
 */
class CompletionAndHelpTest {

    @TempDir
    Path home;

    private Map<String, String> env() {
        Map<String, String> env = new HashMap<>();
        env.put("HOME", home.toString());
        env.put("BAZAAR_HOME", home.resolve("bz").toString());
        return env;
    }

    @Test
    void bashSourcesTheCompletionScriptAndCompletesNounsAndVerbs() throws Exception {
        var run = TestBazaar.run(env(), "completion", "bash");
        assertThat(run.exitCode()).as(run.toString()).isZero();
        Path script = home.resolve("bazaar.bash");
        Files.writeString(script, run.out());
        // bash sources it, registers the completion, and the completion function offers the nouns, then the verbs
        String probe = "source " + script + " && complete -p bazaar"
                + " && COMP_WORDS=(bazaar re) COMP_CWORD=1 COMP_LINE='bazaar re' COMP_POINT=9"
                + " && _complete_bazaar bazaar re bazaar && echo \"nouns: ${COMPREPLY[*]}\""
                + " && COMP_WORDS=(bazaar recon pr) COMP_CWORD=2 COMP_LINE='bazaar recon pr' COMP_POINT=15"
                + " && _complete_bazaar bazaar pr recon && echo \"verbs: ${COMPREPLY[*]}\"";
        Process bash = new ProcessBuilder("bash", "-c", probe).redirectErrorStream(true).start();
        assertThat(bash.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String said = new String(bash.getInputStream().readAllBytes());
        assertThat(bash.exitValue()).as(said).isZero();
        assertThat(said).contains("-F _complete_bazaar bazaar").containsPattern("nouns: .*recon")
                .containsPattern("nouns: .*refund").containsPattern("verbs: .*problems");
    }

    @Test
    void zshGetsTheScriptThatLoadsBashcompinitAndFishGetsItsOwn() {
        var zsh = TestBazaar.run(env(), "completion", "zsh");
        assertThat(zsh.exitCode()).as(zsh.toString()).isZero();
        assertThat(zsh.out()).contains("bashcompinit").contains("_complete_bazaar");
        var fish = TestBazaar.run(env(), "completion", "fish");
        assertThat(fish.exitCode()).as(fish.toString()).isZero();
        assertThat(fish.out())
                .contains("complete -c bazaar -n '__fish_use_subcommand' -a order -d ")
                .contains("complete -c bazaar -n '__fish_seen_subcommand_from order; and not __fish_seen_subcommand_from")
                .containsPattern("-a place -d '[^']+'")
                .contains("complete -c bazaar -n '__fish_use_subcommand' -l output -r")
                .contains("-n '__fish_seen_subcommand_from place' -l idempotency-key -r");
        // every line is a complete command with balanced single quotes (no description breaks out of its quotes)
        fish.out().lines().filter(l -> !l.startsWith("#")).forEach(l -> assertThat(l.replace("\\'", "")
                .chars().filter(c -> c == '\'').count() % 2).as(l).isZero());
        var other = TestBazaar.run(env(), "completion", "tcsh");
        assertThat(other.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(other.err()).contains("completion scripts are for bash, zsh or fish (got 'tcsh')");
    }

    @Test
    void helpOfANounAndVerbIsItsUsage() {
        var help = TestBazaar.run(env(), "help", "order", "place");
        assertThat(help.exitCode()).as(help.toString()).isZero();
        assertThat(help.out()).isEqualTo(TestBazaar.run(env(), "order", "place", "--help").out())
                .contains("Usage: bazaar order place");
        assertThat(TestBazaar.run(env(), "help").out()).contains("Usage: bazaar ").contains("completion");
        var unknown = TestBazaar.run(env(), "help", "order", "teleport");
        assertThat(unknown.exitCode()).isEqualTo(ExitCode.USAGE);
        assertThat(unknown.err()).contains("'bazaar order' has no command 'teleport'").contains("place");
    }

    @Test
    void dashOIsTheShortFormOfOutput() {
        var json = TestBazaar.run(env(), "config", "show", "-o", "json");
        assertThat(json.exitCode()).as(json.toString()).isZero();
        assertThat(json.out()).isEqualTo(TestBazaar.run(env(), "config", "show", "--output", "json").out())
                .contains("\"key\" : \"output\"");
        assertThat(TestBazaar.run(env(), "-o", "json", "config", "show").out()).contains("\"key\" : \"output\"");
        // the command's name in logs and metrics skips -o and its value like --output's
        assertThat(Bazaar.commandName(new String[] {"-o", "json", "config", "show"})).isEqualTo("bazaar config show");
        assertThat(Bazaar.commandName(new String[] {"--output", "json", "config", "show"}))
                .isEqualTo("bazaar config show");
    }
}
