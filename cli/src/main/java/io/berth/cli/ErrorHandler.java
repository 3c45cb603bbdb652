package io.berth.cli;

import io.berth.config.ConfigException;
import io.berth.sdk.AwaitTimeoutException;
import io.berth.sdk.BerthApiException;
import io.berth.sdk.BundleException;
import io.berth.sdk.InvalidIdException;
import io.berth.sdk.ServerCertificateException;
import io.berth.sdk.ServerUnreachableException;
import io.berth.sdk.UnauthorizedException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/** Turns every failure into {@code berth: <message>} and an exit code; stack traces only with --debug. */
final class ErrorHandler implements IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception e, CommandLine cli, ParseResult parsed) {
        PrintWriter err = cli.getErr();
        err.println("berth: " + messageOf(e, envOf(parsed)));
        if (exitCodeOf(e) == ExitCodes.USAGE) {
            err.println(UsageErrors.hint(cli));
        }
        if (debug(parsed)) {
            e.printStackTrace(err);
        }
        err.flush();
        return exitCodeOf(e);
    }

    static int exitCodeOf(Throwable e) {
        if (e instanceof UserError user) {
            return user.exitCode();
        }
        if (e instanceof ConfigException || e instanceof BundleException || e instanceof InvalidIdException) {
            return ExitCodes.INVALID_INPUT;
        }
        if (e instanceof AwaitTimeoutException) {
            return ExitCodes.TIMED_OUT;
        }
        if (e instanceof ServerUnreachableException) {
            return ExitCodes.SERVER_UNREACHABLE;
        }
        if (e instanceof UnauthorizedException || e instanceof ServerCertificateException) {
            return ExitCodes.UNAUTHORIZED;
        }
        if (e instanceof BerthApiException api) {
            int status = api.status();
            if (status == 404 || status == 409) {
                return ExitCodes.NOT_FOUND_OR_CONFLICT;
            }
            return status >= 400 && status < 500 ? ExitCodes.INVALID_INPUT : ExitCodes.INTERNAL;
        }
        return ExitCodes.INTERNAL;
    }

    private static String messageOf(Exception e, String env) {
        if (e instanceof UnauthorizedException denied && env != null) {
            return "env '" + env + "' (" + denied.url() + "): " + (denied.tokenSent()
                    ? "the server does not accept its token (wrong, revoked or expired)"
                    : "the server asks for a token and the env has none") + "; log in with: berth login " + env;
        }
        if (e instanceof ServerCertificateException && env != null) {
            return "env '" + env + "': " + e.getMessage();
        }
        // every exception with an exit code of its own is expected, and its message is meant for the user
        if (e instanceof UserError || e instanceof BerthApiException || exitCodeOf(e) != ExitCodes.INTERNAL) {
            return e.getMessage();
        }
        return "internal error: " + e + " (run again with --debug for details)";
    }

    /** The {@code <env>} the command was given, if it takes one. */
    private static String envOf(ParseResult parsed) {
        for (ParseResult p = parsed; p != null; p = p.subcommand()) {
            for (CommandLine.Model.PositionalParamSpec positional : p.matchedPositionals()) {
                if ("<env>".equals(positional.paramLabel()) && !positional.stringValues().isEmpty()) {
                    return positional.stringValues().get(0);
                }
            }
        }
        return null;
    }

    private static boolean debug(ParseResult parsed) {
        for (ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--debug")) {
                return true;
            }
        }
        return false;
    }
}
