package io.berth.daemon.http;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/**
 * What a browser may be told an artifact is. A job names its files as it likes, so only an allowlist of types
 * that cannot run script (images, audio, plain text) is served as such, by the file's extension; everything
 * else, SVG and HTML included, is {@code application/octet-stream}, and only an allowlisted type is ever shown
 * inline.
 */
final class ArtifactTypes {
    static final String OTHER = "application/octet-stream";
    private static final String TEXT = "text/plain; charset=utf-8";
    private static final Map<String, String> BY_EXTENSION = Map.ofEntries(
            Map.entry("png", "image/png"), Map.entry("jpg", "image/jpeg"), Map.entry("jpeg", "image/jpeg"),
            Map.entry("gif", "image/gif"), Map.entry("webp", "image/webp"),
            Map.entry("wav", "audio/wav"), Map.entry("mp3", "audio/mpeg"), Map.entry("ogg", "audio/ogg"),
            Map.entry("flac", "audio/flac"),
            Map.entry("txt", TEXT), Map.entry("log", TEXT), Map.entry("csv", TEXT), Map.entry("json", TEXT),
            Map.entry("md", TEXT), Map.entry("yaml", TEXT), Map.entry("yml", TEXT), Map.entry("py", TEXT));

    private ArtifactTypes() {}

    static String of(String fileName) {
        int dot = fileName.lastIndexOf('.');
        return dot < 0 ? OTHER : BY_EXTENSION.getOrDefault(fileName.substring(dot + 1).toLowerCase(Locale.ROOT), OTHER);
    }

    /**
     * {@code attachment} (or {@code inline}, when asked for and the type is allowlisted) with the file's name:
     * as ASCII with anything else replaced, and whole in {@code filename*} (RFC 6266).
     */
    static String disposition(String fileName, boolean inline) {
        String type = inline && !of(fileName).equals(OTHER) ? "inline" : "attachment";
        StringBuilder ascii = new StringBuilder();
        StringBuilder encoded = new StringBuilder();
        fileName.codePoints().forEach(c -> ascii.append(c >= 0x20 && c < 0x7f && c != '"' && c != '\\' ? (char) c : '_'));
        for (byte b : fileName.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (c < 0x80 && (Character.isLetterOrDigit(c) || "!#$&+-.^_`|~".indexOf(c) >= 0)) {
                encoded.append(c);
            } else {
                encoded.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return type + "; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
    }
}
