/** Message carbons (XEP-0280): copies of a user's chats to the user's other resources. Starting point: CarbonsModule. */
package dev.xmppd.im.carbons;
