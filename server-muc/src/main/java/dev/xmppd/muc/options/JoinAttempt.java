package dev.xmppd.muc.options;

/**
 * What room options need to know about someone entering a room (XEP-0045 §7.2).
 *
 * @param password the password in the join presence, or {@code null}
 * @param member true if the user's affiliation is member, admin or owner
 * @param privileged true if the user is an owner or admin of the room, or a service admin
 * @param occupants the number of occupants before this one enters
 */
public record JoinAttempt(String password, boolean member, boolean privileged, int occupants) {
}
