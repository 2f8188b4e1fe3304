/** Inventory: stock on hand and reserved per product, and the reservations that hold stock for orders. */
package com.bazaar.domain.inventory;
