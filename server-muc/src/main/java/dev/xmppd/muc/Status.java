package dev.xmppd.muc;

/** The status codes of XEP-0045 §15.6 that this service sends, in {@code <status code='…'/>}. */
public final class Status {
    /** Entering a non-anonymous room: anyone can see your real JID. */
    public static final int NON_ANONYMOUS = 100;
    /** Your affiliation changed while you were not in the room (an out-of-room message). */
    public static final int AFFILIATION_CHANGED = 101;
    /** A room configuration change that does not touch privacy. */
    public static final int CONFIG_CHANGED = 104;
    /** This presence is about yourself. */
    public static final int SELF = 110;
    /** The room is logged (on entering or when logging is turned on). */
    public static final int LOGGING_ON = 170;
    public static final int LOGGING_OFF = 171;
    /** The room is now non-anonymous / semi-anonymous. */
    public static final int NOW_NON_ANONYMOUS = 172;
    public static final int NOW_SEMI_ANONYMOUS = 173;
    /** A new room was created. */
    public static final int CREATED = 201;
    public static final int BANNED = 301;
    public static final int NICK_CHANGED = 303;
    public static final int KICKED = 307;
    /** Removed because of an affiliation change (e.g. membership revoked in a members-only room). */
    public static final int AFFILIATION_REMOVED = 321;
    /** Removed because the room became members-only. */
    public static final int MEMBERS_ONLY_REMOVED = 322;
    /** Removed because of an error reply from the occupant's client or server. */
    public static final int ERROR_REMOVED = 333;
    /** The occupant leaves because the service is shutting down (§15.6, sent to the occupant itself). */
    public static final int SHUTDOWN = 332;

    private Status() {
    }
}
