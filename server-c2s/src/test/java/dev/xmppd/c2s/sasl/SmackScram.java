package dev.xmppd.c2s.sasl;

import javax.net.ssl.SSLSession;
import org.jivesoftware.smack.SmackException.SmackSaslException;
import org.jivesoftware.smack.sasl.core.SCRAMSHA1Mechanism;
import org.jivesoftware.smack.util.stringencoder.Base64;
import org.jivesoftware.smack.util.stringencoder.java7.Java7Base64Encoder;
import org.jxmpp.jid.EntityBareJid;
import org.jxmpp.jid.impl.JidCreate;
import org.jxmpp.stringprep.XmppStringprepException;

/**
 * Drives Smack's own SCRAM-SHA-1 client mechanism (the only SCRAM hash Smack 4.5 implements) without
 * a connection, through their protected {@code getAuthenticationText()} and {@code evaluateChallenge(byte[])}.
 */
public final class SmackScram {

    /** What a client mechanism needs to run one exchange. */
    public interface Client {
        byte[] first() throws SmackSaslException;

        byte[] evaluate(byte[] challenge) throws SmackSaslException;

        /** Throws if the server's final message did not verify. */
        void checkSuccess() throws SmackSaslException;
    }

    private SmackScram() {
    }

    /** SCRAM-SHA-1; {@code cbFlag} "y" makes the client claim it supports channel binding (RFC 5802 §6). */
    public static Client sha1(String user, String password, String authzid, String cbFlag) {
        initSmack();
        Sha1 m = new Sha1(cbFlag);
        m.init(user, password, authzid, null);
        return m;
    }

    private static void initSmack() {
        // Smack normally installs its Base64 codec at start-up; we are not starting a connection.
        Base64.setEncoder(Java7Base64Encoder.getInstance());
    }

    private static EntityBareJid jid(String authzid) {
        try {
            return authzid == null ? null : JidCreate.entityBareFrom(authzid);
        } catch (XmppStringprepException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static final class Sha1 extends SCRAMSHA1Mechanism implements Client {
        private final String cbFlag;

        Sha1(String cbFlag) {
            this.cbFlag = cbFlag;
        }

        void init(String user, String password, String authzid, SSLSession session) {
            this.authenticationId = user;
            this.password = password;
            this.authorizationId = jid(authzid);
            this.sslSession = session;
        }

        @Override
        protected String getGs2CbindFlag() {
            return cbFlag;
        }

        @Override
        public byte[] first() throws SmackSaslException {
            return getAuthenticationText();
        }

        @Override
        public byte[] evaluate(byte[] challenge) throws SmackSaslException {
            return evaluateChallenge(challenge);
        }

        @Override
        public void checkSuccess() throws SmackSaslException {
            checkIfSuccessfulOrThrow();
        }
    }
}
