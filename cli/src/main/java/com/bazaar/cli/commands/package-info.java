/** The commands, {@code bazaar <noun> <verb>}: each parses its options and calls one application service. */
package com.bazaar.cli.commands;
