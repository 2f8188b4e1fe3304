/**
 * Files only their owner may touch (secrets, lock, pid and append-only files, the Bazaar home itself), read and
 * written the way ssh treats private keys: never through a symbolic link, never opening a FIFO or a device, bounded.
 */
package com.bazaar.postgres.files;
