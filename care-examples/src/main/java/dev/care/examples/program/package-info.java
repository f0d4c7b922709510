/**
 * A program of your own: a coffee shop's rules as a JSON document, loaded and run on the engine,
 * and a broken definition whose problems all come back at once, each with its JSON path.
 */
package dev.care.examples.program;
