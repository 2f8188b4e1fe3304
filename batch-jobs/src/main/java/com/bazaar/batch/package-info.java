/**
 * Spring Batch jobs, one sub-package per job (catalog import, inventory sync, refunds, audit export): readers,
 * domain validation, and writers through domain-owned bulk ports; {@code csv} and {@code input} are the parts every
 * job that reads a file shares.
 */
package com.bazaar.batch;
