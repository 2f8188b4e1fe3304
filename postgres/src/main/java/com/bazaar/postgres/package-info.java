/** JDBC adapters of the domain's ports; database row types never leave this package. */
package com.bazaar.postgres;
