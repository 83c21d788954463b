/** Service administration, XEP-0133: admin commands over ad-hoc commands. Starting point: AdminModule. */
package dev.xmppd.im.admin;
