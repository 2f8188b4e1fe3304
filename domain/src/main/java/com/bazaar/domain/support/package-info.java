/**
 * What use cases of several modules share, and nothing else: {@link com.bazaar.domain.support.Guard} (the access
 * matrix, refusals audited), {@link com.bazaar.domain.support.Recorder} (a change's audit record and events),
 * seller lookup and standing, and the catalog access of catalog and inventory use cases. Never used by a model.
 */
package com.bazaar.domain.support;
