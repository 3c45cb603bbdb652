package io.berth.daemon.http;

import io.berth.daemon.cluster.AgentRegistry;
import io.berth.wire.AgentReport;
import io.javalin.Javalin;
import io.javalin.http.Context;

/**
 * PUT /agents/{name}: an agent's heartbeat, answered with its lease; GET /agents: every agent and its state;
 * GET /agents/{name}: one.
 */
public final class AgentRoutes implements Routes {
    private final AgentRegistry agents;
    private final JsonBodies bodies;

    public AgentRoutes(AgentRegistry agents, JsonBodies bodies) {
        this.agents = agents;
        this.bodies = bodies;
    }

    @Override
    public void register(Javalin app) {
        app.put(ApiServer.BASE + "/agents/{name}", this::beat);
        app.get(ApiServer.BASE + "/agents", ctx -> ctx.json(agents.agents()));
        app.get(ApiServer.BASE + "/agents/{name}", ctx -> ctx.json(agents.agent(ctx.pathParam("name"))));
    }

    private void beat(Context ctx) {
        AgentReport report = bodies.read(ctx, AgentReport.class);
        ctx.json(agents.beat(ctx.pathParam("name"), report));
    }
}
