package io.berth.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UserHomeTest {
    @TempDir
    Path me;
    private String before;

    @BeforeEach
    void remember() {
        before = System.getProperty(UserHome.PROPERTY);
    }

    @AfterEach
    void restore() {
        if (before == null) {
            System.clearProperty(UserHome.PROPERTY);
        } else {
            System.setProperty(UserHome.PROPERTY, before);
        }
    }

    @Test
    void homeIsTheVariableWhenSetAndNotEmptyElseThePasswdEntryAsJavaSeesIt() {
        assertThat(UserHome.resolve(null, "/home/sudoer", "/root")).isEqualTo(Path.of("/home/sudoer"));
        assertThat(UserHome.resolve(null, "", "/root")).isEqualTo(Path.of("/root"));
        assertThat(UserHome.resolve(null, null, "/root")).isEqualTo(Path.of("/root"));
    }

    @Test
    void thePropertyWinsAndStandsForTheWholeEnvironment() {
        assertThat(UserHome.resolve("/tmp/test-home", "/home/real", "/root")).isEqualTo(Path.of("/tmp/test-home"));

        System.setProperty(UserHome.PROPERTY, me.toString());
        assertThat(UserHome.path()).isEqualTo(me);
        assertThat(UserHome.variable("PATH")).as("no variable of the real user is read").isNull();
        assertThat(BerthHome.resolve(null, UserHome.variable(BerthHome.ENV), UserHome.path()))
                .isEqualTo(me.resolve(".berth"));
        assertThat(new SubmissionConfigs().places(me.resolve("project"))).extracting(SubmissionConfigs.Place::source)
                .doesNotContain(SubmissionConfigs.Source.FOUNDATIONS_HOME)
                .contains(SubmissionConfigs.Source.ATLAS_USER_HOME);
        assertThat(new SubmissionConfigs().places(me.resolve("project")).get(2).dir())
                .isEqualTo(me.resolve(".foundations/config/submission"));

        System.clearProperty(UserHome.PROPERTY);
        assertThat(UserHome.variable("PATH")).isEqualTo(System.getenv("PATH"));
    }

    @Test
    void aTildePathInAConfigIsUnderTheUsersHome() {
        System.setProperty(UserHome.PROPERTY, me.toString());
        assertThat(BerthHome.resolveUserPath(Path.of("/etc"), "~/certs/ca.pem")).isEqualTo(me.resolve("certs/ca.pem"));
    }
}
