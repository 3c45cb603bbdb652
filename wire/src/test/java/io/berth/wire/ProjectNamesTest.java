package io.berth.wire;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProjectNamesTest {

    @Test
    void lettersAndDigitsOfAnyScriptMakeANameSpacesAndSeparatorsDoNot() {
        assertThat(ProjectNames.isValid("mnist-v2.1_run")).isTrue();
        assertThat(ProjectNames.isValid("мой-проект")).isTrue();
        assertThat(ProjectNames.isValid("プロジェクト")).isTrue();
        assertThat(ProjectNames.isValid("café")).as("an accent").isTrue();
        assertThat(ProjectNames.isValid("my project")).isFalse();
        assertThat(ProjectNames.isValid("bad:name")).isFalse();
        assertThat(ProjectNames.isValid("../x")).isFalse();
        assertThat(ProjectNames.isValid("-x")).as("starts with a separator").isFalse();
        assertThat(ProjectNames.isValid("")).isFalse();
        assertThat(ProjectNames.isValid(null)).isFalse();
        assertThat(ProjectNames.isValid("a".repeat(128))).isTrue();
        assertThat(ProjectNames.isValid("a".repeat(129))).isFalse();
    }

    @Test
    void aDirectoryNameBecomesAValidProjectName() {
        assertThat(ProjectNames.fromDirectoryName("mnist")).isEqualTo("mnist");
        assertThat(ProjectNames.fromDirectoryName("мой проект")).isEqualTo("мой-проект");
        assertThat(ProjectNames.fromDirectoryName("bad:name")).isEqualTo("bad-name");
        assertThat(ProjectNames.fromDirectoryName("проект é 日本")).isEqualTo("проект-é-日本");
        assertThat(ProjectNames.fromDirectoryName(".hidden project")).isEqualTo("hidden-project");
        assertThat(ProjectNames.fromDirectoryName("a".repeat(200))).hasSize(128);
        assertThat(ProjectNames.fromDirectoryName("...")).isEqualTo("default");
        assertThat(ProjectNames.fromDirectoryName("::")).isEqualTo("default");
    }

    @Test
    void aRefusalSuggestsTheNameBerthWouldMakeOfIt() {
        assertThat(ProjectNames.invalid("My Atlas Project")).isEqualTo("'My Atlas Project' is not a valid project name ("
                + ProjectNames.RULE + "); use 'My-Atlas-Project'");
        assertThat(ProjectNames.invalid("-x")).endsWith("; use 'x'");
        assertThat(ProjectNames.invalid("::")).as("nothing to suggest")
                .isEqualTo("'::' is not a valid project name (" + ProjectNames.RULE + ")");
        assertThat(ProjectNames.invalid(null)).doesNotContain("use");
    }
}
