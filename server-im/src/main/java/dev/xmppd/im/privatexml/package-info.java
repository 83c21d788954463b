/** Private XML storage, XEP-0049. Starting point: PrivateXmlModule. */
package dev.xmppd.im.privatexml;
