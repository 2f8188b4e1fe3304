/** Identity and authorisation: users, their roles and API tokens, the acting user, and the role x action matrix. */
package com.bazaar.domain.identity;
