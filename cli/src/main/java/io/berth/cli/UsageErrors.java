package io.berth.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * A wrong command line gets the error and where to read more ({@code see 'berth submit --help'}), as git and
 * kubectl do, not the whole help, which buries the one line that matters.
 */
final class UsageErrors implements IParameterExceptionHandler {

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        err.println("berth: " + message(e));
        UnmatchedArgumentException.printSuggestions(e, err);
        err.println(hint(command));
        err.flush();
        return ExitCodes.USAGE;
    }

    static String hint(CommandLine command) {
        return "see '" + command.getCommandSpec().qualifiedName() + " --help'";
    }

    /** picocli says "Value for option option '--param' ..." of a bad map entry; once is enough. */
    private static String message(ParameterException e) {
        return String.valueOf(e.getMessage()).replace("option option ", "option ");
    }
}
