/** Orders: a buyer's purchase from one seller, its priced lines, its lifecycle, and the stock it reserves. */
package com.bazaar.domain.order;
