package dev.xmppd.core.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/** The set-up the config-section tests share: write {@code conf/xmppd.yml} under a temporary directory, load it. */
final class ConfigFiles {

    private ConfigFiles() {
    }

    /** Writes {@code yaml} to {@code dir/conf/xmppd.yml} and loads it with {@code env} as the environment. */
    static XmppdConfig load(Path dir, String yaml, Map<String, String> env) throws IOException {
        Path file = Files.createDirectories(dir.resolve("conf")).resolve("xmppd.yml");
        Files.writeString(file, yaml);
        return ConfigLoader.load(file, List.of(), env);
    }
}
