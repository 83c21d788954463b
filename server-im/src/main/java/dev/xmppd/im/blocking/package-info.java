/** Simple communications blocking, XEP-0191. Starting point: BlockingModule. */
package dev.xmppd.im.blocking;
