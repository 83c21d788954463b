/**
 * In-memory storage for unit and integration tests of every module; not for production (nothing survives a
 * restart). Starting point: {@link dev.xmppd.core.storage.memory.MemoryStorageProvider}.
 */
package dev.xmppd.core.storage.memory;
