package io.berth.cli;

import io.berth.config.ConfigException;
import io.berth.sdk.BerthApiException;
import io.berth.sdk.ServerUnreachableException;
import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/** Turns every failure into {@code berth: <message>} and an exit code; stack traces only with --debug. */
final class ErrorHandler implements IExecutionExceptionHandler {

    @Override
    public int handleExecutionException(Exception e, CommandLine cli, ParseResult parsed) {
        PrintWriter err = cli.getErr();
        err.println("berth: " + messageOf(e));
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
        if (e instanceof ConfigException) {
            return ExitCodes.INVALID_INPUT;
        }
        if (e instanceof ServerUnreachableException) {
            return ExitCodes.SERVER_UNREACHABLE;
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

    private static String messageOf(Exception e) {
        if (e instanceof UserError || e instanceof ConfigException || e instanceof ServerUnreachableException
                || e instanceof BerthApiException) {
            return e.getMessage();
        }
        return "internal error: " + e + " (run again with --debug for details)";
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
