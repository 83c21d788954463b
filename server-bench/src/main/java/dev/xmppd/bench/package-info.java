/** JMH micro-benchmarks of the stream decoder, the router, serialization and MUC fan-out (docs/performance.md). */
package dev.xmppd.bench;
