package io.berth.sdk;

/** What was given as a job or sweep id cannot be one (empty, {@code .}, {@code ..}); nothing was sent. */
public class InvalidIdException extends BerthException {
    InvalidIdException(String what, String ref) {
        super(ref == null || ref.isBlank()
                ? "no " + what + " id given (it is empty); give the " + what + "'s id or a unique start of it"
                : "'" + ref + "' is not a " + what + " id or the start of one");
    }
}
