/**
 * A job's input file, read as exactly the bytes that identify the job: only a regular file (never through a symbolic
 * link, never a directory, FIFO or device), copied into a private snapshot whose checksum must be the job's.
 */
package com.bazaar.batch.input;
