package io.berth.daemon.docker;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ImagePullerTest {
    @Test
    void pullsLatestOnlyWhenTheReferenceNamesNoTagOrDigest() {
        assertThat(ImagePuller.defaultTag("python")).isEqualTo("latest");
        assertThat(ImagePuller.defaultTag("registry.local:5000/team/trainer")).isEqualTo("latest");
        assertThat(ImagePuller.defaultTag("python:3.12-slim")).isNull();
        assertThat(ImagePuller.defaultTag("registry.local:5000/team/trainer:v2")).isNull();
        assertThat(ImagePuller.defaultTag("python@sha256:0123abcd")).isNull();
    }
}
