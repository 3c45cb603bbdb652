package io.berth.daemon.http;

import io.javalin.Javalin;

/** A group of routes the {@link ApiServer} serves, behind its checks. */
public interface Routes {
    void register(Javalin app);
}
