package io.berth.daemon.auth;

import java.time.Instant;
import java.util.Objects;

/**
 * What a request's credentials are worth.
 *
 * @param expired when the token it carried expired, for {@link Kind#EXPIRED}; else null
 * @param agent   for an accepted agent token, the agent it belongs to, whose own API alone it may use; else null
 */
public record Verdict(Kind kind, Instant expired, String agent) {
    public enum Kind {
        ACCEPTED,
        /** The request carried no bearer token. */
        MISSING,
        /** It carried one that is not (or no longer) a token of this server. */
        REJECTED,
        /** It carried a token of this server that has expired: refused as {@link #REJECTED} is. */
        EXPIRED
    }

    public static final Verdict ACCEPTED = new Verdict(Kind.ACCEPTED, null, null);
    public static final Verdict MISSING = new Verdict(Kind.MISSING, null, null);
    public static final Verdict REJECTED = new Verdict(Kind.REJECTED, null, null);

    public Verdict {
        Objects.requireNonNull(kind, "kind");
        if ((kind == Kind.EXPIRED) != (expired != null)) {
            throw new IllegalArgumentException("an expired token's verdict, and only that, says when");
        }
        if (agent != null && kind != Kind.ACCEPTED) {
            throw new IllegalArgumentException("only an accepted token's verdict names its agent");
        }
    }

    static Verdict expiredAt(Instant when) {
        return new Verdict(Kind.EXPIRED, when, null);
    }

    /** An accepted token: a user's (agent null), or the named agent's. */
    static Verdict accepted(String agent) {
        return agent == null ? ACCEPTED : new Verdict(Kind.ACCEPTED, null, agent);
    }

    public boolean accepted() {
        return kind == Kind.ACCEPTED;
    }
}
