/** The audit trail's anchors outside the database on this host: the audit key file and the anchors file. */
package com.bazaar.cli.audit;
