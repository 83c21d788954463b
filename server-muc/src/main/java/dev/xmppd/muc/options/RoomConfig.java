package dev.xmppd.muc.options;

import static java.util.Objects.requireNonNull;

import dev.xmppd.muc.history.RoomHistory;
import java.util.Set;

/**
 * The configuration of one room: the values of the standard {@code muc#roomconfig} fields (XEP-0045 §10.2,
 * §16.5.3). Immutable; change it through {@link #toBuilder()}.
 *
 * @param name muc#roomconfig_roomname, may be empty
 * @param description muc#roomconfig_roomdesc, may be empty
 * @param lang muc#roomconfig_lang, may be empty
 * @param persistent muc#roomconfig_persistentroom: the room outlives its last occupant
 * @param isPublic muc#roomconfig_publicroom: listed in the service's disco#items
 * @param membersOnly muc#roomconfig_membersonly
 * @param moderated muc#roomconfig_moderatedroom: only participants and moderators may speak
 * @param passwordProtected muc#roomconfig_passwordprotectedroom
 * @param password muc#roomconfig_roomsecret, may be empty
 * @param nonAnonymous muc#roomconfig_whois = anyone (otherwise moderators: semi-anonymous)
 * @param maxUsers muc#roomconfig_maxusers, 0 for no limit
 * @param allowInvites muc#roomconfig_allowinvites: occupants (not only admins) may invite
 * @param changeSubject muc#roomconfig_changesubject: participants (not only moderators) may change the subject
 * @param allowPm muc#roomconfig_allowpm: anyone, participants, moderators or none
 * @param logging muc#roomconfig_enablelogging: messages are archived (XEP-0313) and status 170 is sent
 * @param presenceBroadcast muc#roomconfig_presencebroadcast: the roles whose presence is broadcast
 * @param memberListRoles muc#roomconfig_getmemberlist: the roles that may retrieve the member list
 * @param maxHistoryFetch muc#maxhistoryfetch: the most history messages sent on entering, 0 to
 *     {@link dev.xmppd.muc.history.RoomHistory#CAPACITY}
 * @param pubsub muc#roomconfig_pubsub: the XMPP URI of an associated publish-subscribe node, may be empty
 */
public record RoomConfig(String name, String description, String lang, boolean persistent, boolean isPublic,
        boolean membersOnly, boolean moderated, boolean passwordProtected, String password, boolean nonAnonymous,
        int maxUsers, boolean allowInvites, boolean changeSubject, String allowPm, boolean logging,
        Set<String> presenceBroadcast, Set<String> memberListRoles, int maxHistoryFetch, String pubsub) {

    /** The roles (XEP-0045 §5.1) that list fields such as presencebroadcast choose from. */
    public static final Set<String> ROLES = Set.of("moderator", "participant", "visitor");

    public RoomConfig {
        requireNonNull(name, "name");
        requireNonNull(description, "description");
        requireNonNull(lang, "lang");
        requireNonNull(password, "password");
        requireNonNull(allowPm, "allowPm");
        requireNonNull(pubsub, "pubsub");
        if (maxHistoryFetch < 0 || maxHistoryFetch > RoomHistory.CAPACITY) {
            throw new IllegalArgumentException("maxHistoryFetch: " + maxHistoryFetch + " (expected: 0.."
                    + RoomHistory.CAPACITY + ")");
        }
        if (maxUsers < 0) {
            throw new IllegalArgumentException("maxUsers: " + maxUsers + " (expected: >= 0)");
        }
        presenceBroadcast = Set.copyOf(presenceBroadcast);
        memberListRoles = Set.copyOf(memberListRoles);
    }

    /** A new room: public, temporary, open, unmoderated, semi-anonymous, logged, without password. */
    public static RoomConfig defaults() {
        return new RoomConfig("", "", "", false, true, false, false, false, "", false, 0, false, false, "anyone",
                true, ROLES, ROLES, RoomHistory.CAPACITY, "");
    }

    /** True if entering needs a password (protected, with a non-empty secret). */
    public boolean requiresPassword() {
        return passwordProtected && !password.isEmpty();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Changes some values of a configuration; not thread-safe, use once. */
    public static final class Builder {
        String name;
        String description;
        String lang;
        boolean persistent;
        boolean isPublic;
        boolean membersOnly;
        boolean moderated;
        boolean passwordProtected;
        String password;
        boolean nonAnonymous;
        int maxUsers;
        boolean allowInvites;
        boolean changeSubject;
        String allowPm;
        boolean logging;
        Set<String> presenceBroadcast;
        Set<String> memberListRoles;
        int maxHistoryFetch;
        String pubsub;

        private Builder(RoomConfig c) {
            name = c.name;
            description = c.description;
            lang = c.lang;
            persistent = c.persistent;
            isPublic = c.isPublic;
            membersOnly = c.membersOnly;
            moderated = c.moderated;
            passwordProtected = c.passwordProtected;
            password = c.password;
            nonAnonymous = c.nonAnonymous;
            maxUsers = c.maxUsers;
            allowInvites = c.allowInvites;
            changeSubject = c.changeSubject;
            allowPm = c.allowPm;
            logging = c.logging;
            presenceBroadcast = c.presenceBroadcast;
            memberListRoles = c.memberListRoles;
            maxHistoryFetch = c.maxHistoryFetch;
            pubsub = c.pubsub;
        }

        public Builder name(String value) {
            name = value;
            return this;
        }

        public Builder persistent(boolean value) {
            persistent = value;
            return this;
        }

        public Builder isPublic(boolean value) {
            isPublic = value;
            return this;
        }

        public Builder membersOnly(boolean value) {
            membersOnly = value;
            return this;
        }

        public Builder moderated(boolean value) {
            moderated = value;
            return this;
        }

        /** Sets the password and whether it is required. */
        public Builder password(boolean isProtected, String secret) {
            passwordProtected = isProtected;
            password = secret;
            return this;
        }

        public Builder nonAnonymous(boolean value) {
            nonAnonymous = value;
            return this;
        }

        public Builder maxUsers(int value) {
            maxUsers = value;
            return this;
        }

        public Builder logging(boolean value) {
            logging = value;
            return this;
        }

        public Builder allowInvites(boolean value) {
            allowInvites = value;
            return this;
        }

        public Builder maxHistoryFetch(int value) {
            maxHistoryFetch = value;
            return this;
        }

        public RoomConfig build() {
            return new RoomConfig(name, description, lang, persistent, isPublic, membersOnly, moderated,
                    passwordProtected, password, nonAnonymous, maxUsers, allowInvites, changeSubject, allowPm,
                    logging, presenceBroadcast, memberListRoles, maxHistoryFetch, pubsub);
        }
    }
}
