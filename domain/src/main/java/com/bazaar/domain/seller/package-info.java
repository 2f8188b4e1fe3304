/** Sellers: the merchants that own products, their codes, currencies and standing (active or suspended). */
package com.bazaar.domain.seller;
