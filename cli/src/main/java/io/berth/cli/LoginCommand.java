package io.berth.cli;

import io.berth.config.BerthHome;
import io.berth.config.SubmissionConfig;
import io.berth.config.SubmissionConfigs;
import io.berth.sdk.BerthApiException;
import io.berth.sdk.BerthClient;
import io.berth.sdk.UnauthorizedException;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * Stores a token in an env's submission config once the server has accepted it. Only configs under
 * {@code $BERTH_HOME} take one: a project's own configs travel in its bundles, and so into its jobs.
 */
@Command(name = "login", mixinStandardHelpOptions = true, description = "Check a token with the env's server and"
        + " save it in the env's submission config ($BERTH_HOME/config/submission/<env>.config.yaml, made readable by"
        + " you only). Asks for the token without echoing it, unless --token-stdin.")
final class LoginCommand implements Callable<Integer> {
    /** The head's refusal of an agent's token for anything but that agent's calls. */
    private static final String AGENT_TOKEN = "agent_token";

    @Parameters(index = "0", paramLabel = "<env>", description = "Submission config to log in with, e.g. 'remote'.")
    String env;

    @Option(names = "--token-stdin", description = "Read the token from standard input (for scripts: "
            + "echo \"$TOKEN\" | berth login remote --token-stdin).")
    boolean fromStdin;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws IOException {
        SubmissionConfigs.Located located = new SubmissionConfigs().find(env, Berth.workingDir(spec));
        requireUsersOwn(located);
        SubmissionConfig config = located.config();
        String token = readToken(config);
        boolean tokensAsked = asksForTokens(config);
        boolean agents = false;
        try {
            BerthClient.of(new SubmissionConfig(config.schedulerUrl(), token, config.ignoredKeys(), config.caCert()))
                    .status();
        } catch (UnauthorizedException e) {
            throw new UserError(ExitCodes.UNAUTHORIZED, "the server at " + config.schedulerUrl() + " does not accept"
                    + " this token (wrong, revoked or expired); nothing was saved");
        } catch (BerthApiException e) {
            if (e.status() != 403 || !AGENT_TOKEN.equals(e.code())) {
                throw e;
            }
            agents = true; // the head knows it, and keeps it to an agent's own calls
        }
        SubmissionConfigs.writeToken(located.file(), token);
        Terminal terminal = new Terminal(spec);
        if (agents) {
            terminal.say("Logged in: this is an agent's token, good only for that agent's calls to "
                    + config.schedulerUrl() + "; 'berth agent start' here uses it for that head (docs/cluster.md)."
                    + " It is saved in " + located.file() + ", readable by you only.");
            return ExitCodes.OK;
        }
        terminal.say("Logged in: env '" + env + "' (" + config.schedulerUrl() + ") sends this token from now on;"
                + " it is saved in " + located.file() + ", readable by you only.");
        if (!tokensAsked) {
            terminal.note("Note: the server at " + config.schedulerUrl() + " asks for no token yet (it has none), so"
                    + " this one could not be checked.");
        }
        return ExitCodes.OK;
    }

    /** Tokens go only into configs under $BERTH_HOME: a project's travel with it, Atlas's are Atlas's. */
    private void requireUsersOwn(SubmissionConfigs.Located located) {
        Path users = BerthHome.submissionDir(BerthHome.path());
        Path file = located.file();
        if (located.source() == SubmissionConfigs.Source.PROJECT) {
            throw new UserError(ExitCodes.INVALID_INPUT, "env '" + env + "' is the project's " + file + ", which goes"
                    + " into every bundle of the project, so a token in it would reach its jobs; move that file to "
                    + users + " and log in again");
        }
        if (located.source().atlas()) {
            throw new UserError(ExitCodes.INVALID_INPUT, "env '" + env + "' is Atlas's " + file + " (found through "
                    + located.source().label() + "), and berth login writes tokens only under $BERTH_HOME; copy it"
                    + " there (" + Cells.command(List.of("mkdir", "-p", users.toString())) + " && "
                    + Cells.command(List.of("cp", file.toString(), users + "/")) + "), where it shadows Atlas's,"
                    + " and log in again");
        }
    }

    private String readToken(SubmissionConfig config) throws IOException {
        String token;
        if (fromStdin) {
            token = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        } else {
            Console console = System.console();
            if (console == null) {
                throw new UserError(ExitCodes.USAGE, "no terminal to ask for the token on; give it on standard input"
                        + " with --token-stdin");
            }
            char[] typed = console.readPassword("Token for %s (%s): ", env, config.schedulerUrl());
            token = typed == null ? null : new String(typed);
        }
        if (token == null || token.isBlank()) {
            throw new UserError(ExitCodes.INVALID_INPUT, "no token given; nothing was saved");
        }
        return token.strip();
    }

    /** Whether the server refuses a request without a token: only then does its answer to ours say anything. */
    private static boolean asksForTokens(SubmissionConfig config) {
        try {
            BerthClient.of(new SubmissionConfig(config.schedulerUrl(), null, config.ignoredKeys(), config.caCert()))
                    .status();
            return false;
        } catch (UnauthorizedException e) {
            return true;
        }
    }
}
