/** In-band registration, XEP-0077: accounts created, re-keyed and removed by their users. Start at RegisterModule. */
package dev.xmppd.im.register;
