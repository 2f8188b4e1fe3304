/**
 * The jobs facade: what a front end may ask of the batch jobs (start one from a typed request, restart, stop, list,
 * status) and the typed reports it gets back; Spring Batch stays behind it.
 */
package com.bazaar.batch.jobs;
