package io.berth.config;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.yaml.snakeyaml.LoaderOptions;

/**
 * A YAML file's text, size capped, and the limits its parser keeps to. Apart from {@link YamlFiles} so that reading
 * a file the quick way ({@link FlatYaml}) does not build Jackson's YAML mapper.
 */
final class YamlText {
    static final int MAX_CHARS = 2 * 1024 * 1024;

    private YamlText() {}

    static LoaderOptions loaderOptions() {
        LoaderOptions options = new LoaderOptions();
        options.setMaxAliasesForCollections(10);
        options.setCodePointLimit(MAX_CHARS);
        options.setNestingDepthLimit(32);
        options.setAllowDuplicateKeys(false);
        return options;
    }

    static String read(Path file) {
        try {
            if (Files.size(file) > MAX_CHARS) {
                throw new ConfigException(file, null, null, "is larger than " + MAX_CHARS / (1024 * 1024)
                        + " MB, too large for a config file");
            }
            return Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file, null, null, "does not exist");
        } catch (CharacterCodingException e) {
            throw new ConfigException(file, null, null, "is not UTF-8 text");
        } catch (IOException e) {
            throw new ConfigException(file, null, null, "cannot be read: " + e);
        }
    }
}
