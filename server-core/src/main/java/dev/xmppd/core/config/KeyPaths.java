package dev.xmppd.core.config;

/** Key paths as they appear in messages: {@code limits.xml-depth}, {@code hosts[1]}; the root is {@code (root)}. */
final class KeyPaths {
    private KeyPaths() {
    }

    static String child(String parent, String key) {
        return parent.isEmpty() ? key : parent + '.' + key;
    }

    static String display(String path) {
        return path.isEmpty() ? "(root)" : path;
    }
}
