package io.berth.sdk;

/** Who is submitting, as a Unix {@code uid:gid}, for servers that run jobs as their submitter. */
final class LocalUser {
    private LocalUser() {}

    /** This process's {@code uid:gid}, or null where the JDK cannot tell (not a Unix system). */
    static String uidGid() {
        try {
            com.sun.security.auth.module.UnixSystem user = new com.sun.security.auth.module.UnixSystem();
            return user.getUid() + ":" + user.getGid();
        } catch (RuntimeException | LinkageError notUnix) {
            return null;
        }
    }
}
