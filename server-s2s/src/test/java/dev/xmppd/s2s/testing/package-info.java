/**
 * Test utilities for federation, shipped in the server-s2s test-jar: a throwaway CA ({@link
 * dev.xmppd.s2s.testing.TestCa}) and the PEM files of the certificates it issues.
 */
package dev.xmppd.s2s.testing;
