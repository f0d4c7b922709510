/** The messaging SPI: outbound customer channels and the domain-event publisher. */
package dev.care.storage.messaging;
