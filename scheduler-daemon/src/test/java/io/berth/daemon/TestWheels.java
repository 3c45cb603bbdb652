package io.berth.daemon;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Tiny pure-Python wheels made in memory, so pip can install without any index (none is reachable here). */
final class TestWheels {
    private TestWheels() {}

    /** The file name pip expects for {@link #wheel}'s bytes. */
    static String fileName(String name, String version) {
        return name + "-" + version + "-py3-none-any.whl";
    }

    /** A wheel of one package {@code name} whose {@code __init__.py} is {@code init}. */
    static byte[] wheel(String name, String version, String init) {
        String distInfo = name + "-" + version + ".dist-info/";
        Map<String, String> files = new LinkedHashMap<>();
        files.put(name + "/__init__.py", init);
        files.put(distInfo + "METADATA", "Metadata-Version: 2.1\nName: " + name + "\nVersion: " + version + "\n");
        files.put(distInfo + "WHEEL", "Wheel-Version: 1.0\nGenerator: berth-test\nRoot-Is-Purelib: true\n"
                + "Tag: py3-none-any\n");
        StringBuilder record = new StringBuilder();
        files.forEach((path, text) -> record.append(path).append(",sha256=").append(digest(text))
                .append(',').append(bytes(text).length).append('\n'));
        files.put(distInfo + "RECORD", record.append(distInfo).append("RECORD,,\n").toString());
        return zip(files);
    }

    private static byte[] zip(Map<String, String> files) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, String> file : files.entrySet()) {
                zip.putNextEntry(new ZipEntry(file.getKey()));
                zip.write(bytes(file.getValue()));
                zip.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** RECORD's form: urlsafe base64 of the SHA-256, without padding. */
    private static String digest(String text) {
        try {
            byte[] sha = MessageDigest.getInstance("SHA-256").digest(bytes(text));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(sha);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
