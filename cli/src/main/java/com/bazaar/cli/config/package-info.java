/** The effective configuration: defaults, then $BAZAAR_HOME/bazaar.yml, then environment variables, then flags. */
package com.bazaar.cli.config;
