/**
 * {@code bazaar shell}: Spring Shell's loop, terminal, history and built-in commands over the one picocli command
 * tree. Every command path of the tree is registered with Spring Shell as a command that hands the typed words,
 * untouched, to {@code Bazaar.run} - the same code as the command line (ADR 0007).
 */
package com.bazaar.cli.shell;
