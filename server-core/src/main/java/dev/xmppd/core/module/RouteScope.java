package dev.xmppd.core.module;

/**
 * Whom an IQ handler answers for.
 *
 * <ul>
 *   <li>{@link #SERVER}: IQs to the domain itself ({@code to='example.com'}).</li>
 *   <li>{@link #ACCOUNT}: IQs to a local bare JID, handled by the server on the account's behalf (RFC 6120
 *       §10.3.3), including IQs a client sends without {@code to}, which address its own account.</li>
 *   <li>{@link #UNAUTHENTICATED}: IQs on a client stream before authentication (XEP-0077 in-band registration);
 *       the request has no {@code from} and the reply goes straight back to that stream.</li>
 * </ul>
 */
public enum RouteScope {
    SERVER, ACCOUNT, UNAUTHENTICATED
}
