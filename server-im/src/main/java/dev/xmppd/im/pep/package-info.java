/**
 * Personal Eventing Protocol, XEP-0163, with the XEP-0060 subset it needs. Starting point: PepModule; requests in
 * Publishing, Retrieval and Owning; notifications in Notifier, filtered by Interests (XEP-0115 caps, CapsResolver).
 */
package dev.xmppd.im.pep;
