/** The bazaar command line: entry point, exit codes and error reporting. */
package com.bazaar.cli;
