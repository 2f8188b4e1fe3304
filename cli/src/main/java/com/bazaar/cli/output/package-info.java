/** How commands print data: aligned tables for people, JSON for scripts. */
package com.bazaar.cli.output;
