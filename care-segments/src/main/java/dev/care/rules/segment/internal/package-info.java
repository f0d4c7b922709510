/**
 * Implementation of the segment engine: the text parser and printer, the JSON codec, the columnar
 * store, the bitmap compiler and the row evaluator. Not part of the API.
 */
package dev.care.rules.segment.internal;
