/** vcard-temp, XEP-0054. Starting point: VcardModule. */
package dev.xmppd.im.vcard;
