/** Implementation of program loading: a JSON tree reader that collects problems with paths. */
package dev.care.rules.program.internal;
