/** Build-time tools of the distribution tarball: the man pages and completion scripts generated from the command tree. */
package com.bazaar.dist;
