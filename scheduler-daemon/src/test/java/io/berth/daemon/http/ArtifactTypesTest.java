package io.berth.daemon.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Only types that cannot run script are served as such, and only those inline. */
class ArtifactTypesTest {
    @Test
    void imagesAudioAndTextAreKnownByExtensionInAnyCase() {
        assertThat(ArtifactTypes.of("loss.png")).isEqualTo("image/png");
        assertThat(ArtifactTypes.of("photo.JPEG")).isEqualTo("image/jpeg");
        assertThat(ArtifactTypes.of("a.b.webp")).isEqualTo("image/webp");
        assertThat(ArtifactTypes.of("speech.flac")).isEqualTo("audio/flac");
        assertThat(ArtifactTypes.of("speech.mp3")).isEqualTo("audio/mpeg");
        assertThat(ArtifactTypes.of("train.py")).isEqualTo("text/plain; charset=utf-8");
        assertThat(ArtifactTypes.of("config.yml")).isEqualTo("text/plain; charset=utf-8");
        assertThat(ArtifactTypes.of("metrics.json")).isEqualTo("text/plain; charset=utf-8");
    }

    @Test
    void whatCouldRunScriptOrIsUnknownIsOctetStream() {
        for (String name : new String[] {"chart.svg", "report.html", "page.htm", "x.xhtml", "model.pt", "README", "png",
                "archive.png.html", "noext."}) {
            assertThat(ArtifactTypes.of(name)).as(name).isEqualTo("application/octet-stream");
        }
    }

    @Test
    void onlyAnAllowlistedTypeIsShownInlineAndTheNameCannotBreakTheHeader() {
        assertThat(ArtifactTypes.disposition("loss.png", true)).isEqualTo(
                "inline; filename=\"loss.png\"; filename*=UTF-8''loss.png");
        assertThat(ArtifactTypes.disposition("loss.png", false)).startsWith("attachment;");
        assertThat(ArtifactTypes.disposition("x.svg", true)).startsWith("attachment;");
        assertThat(ArtifactTypes.disposition("a \"b\"\r\nSet-Cookie: x;é.txt", true)).isEqualTo(
                "inline; filename=\"a _b___Set-Cookie: x;_.txt\"; "
                        + "filename*=UTF-8''a%20%22b%22%0D%0ASet-Cookie%3A%20x%3B%C3%A9.txt");
    }
}
