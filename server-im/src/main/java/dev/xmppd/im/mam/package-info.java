/** Message archive (XEP-0313 mam:2, preferences after XEP-0441) with unique stanza ids (XEP-0359) and result paging (XEP-0059). Starting point: MamModule. */
package dev.xmppd.im.mam;
