/** The catalog: products of a seller, their SKUs, prices and lifecycle (draft, active, suspended, retired). */
package com.bazaar.domain.catalog;
