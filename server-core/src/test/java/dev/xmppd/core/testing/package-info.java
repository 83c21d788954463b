/** Test helpers shared by every module through server-core's test-jar: XML parsing, fake sessions, clocks. */
package dev.xmppd.core.testing;
