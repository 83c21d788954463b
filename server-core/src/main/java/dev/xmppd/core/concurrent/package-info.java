/** Small concurrency building blocks shared by modules and stores. Starting point: Lanes. */
package dev.xmppd.core.concurrent;
