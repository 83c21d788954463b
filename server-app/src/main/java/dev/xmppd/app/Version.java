package dev.xmppd.app;

/** The version of xmppd, from the {@code Implementation-Version} of the jar's manifest. */
public final class Version {
    private Version() {
    }

    /** For example {@code 0.1.0-SNAPSHOT}; {@code dev} when run from classes rather than the packaged jar. */
    public static String current() {
        String version = Version.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }
}
