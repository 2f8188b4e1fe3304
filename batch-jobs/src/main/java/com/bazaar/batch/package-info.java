/**
 * Spring Batch jobs, one sub-package per job (catalog import, inventory sync, audit export): readers, domain
 * validation, and writers through domain-owned bulk ports. Empty until issue 4 builds the first job.
 */
package com.bazaar.batch;
