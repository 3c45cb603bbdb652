package io.berth.daemon.core;

public class JobNotFoundException extends RuntimeException {
    public JobNotFoundException(String ref) {
        super("no job matches '" + ref + "'");
    }
}
