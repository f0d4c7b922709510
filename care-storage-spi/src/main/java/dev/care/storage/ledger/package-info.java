/** The ledger made durable on a storage adapter, with its outbox messages. */
package dev.care.storage.ledger;
