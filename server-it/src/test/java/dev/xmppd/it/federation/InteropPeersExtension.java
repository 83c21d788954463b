package dev.xmppd.it.federation;

import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Gives test classes the one {@link InteropPeers} of the test run: {@code @ExtendWith(InteropPeersExtension.class)},
 * then an {@code InteropPeers} parameter of a {@code @BeforeAll} method. The fixture lives in the root context's
 * store, so every class shares the same Prosody and ejabberd, and it is closed when the run ends.
 */
public final class InteropPeersExtension implements ParameterResolver {
    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == InteropPeers.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return context.getRoot().getStore(ExtensionContext.Namespace.create(InteropPeers.class))
                .getOrComputeIfAbsent("peers", k -> {
                    try {
                        return new Shared(InteropPeers.create());
                    } catch (Exception e) {
                        throw new IllegalStateException("interop fixture (test CA, stub DNS): " + e, e);
                    }
                }, Shared.class).peers();
    }

    /** Closes the fixture when the root context (the whole test run) ends. */
    private record Shared(InteropPeers peers) implements AutoCloseable {
        @Override
        public void close() {
            peers.close();
        }
    }
}
