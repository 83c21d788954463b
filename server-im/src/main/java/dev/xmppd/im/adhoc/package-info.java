/** Ad-hoc commands (XEP-0050) and data forms (XEP-0004). Starting point: AdHocModule, AdHocCommands. */
package dev.xmppd.im.adhoc;
