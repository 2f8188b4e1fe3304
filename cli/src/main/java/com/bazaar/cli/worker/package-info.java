/** The worker of {@code bazaar worker}: the named consumers wired over the services, run until stopped. */
package com.bazaar.cli.worker;
