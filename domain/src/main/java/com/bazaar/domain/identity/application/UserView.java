package com.bazaar.domain.identity.application;

import com.bazaar.domain.identity.User;
import com.bazaar.domain.seller.SellerCode;

import java.util.Optional;

/** A user with the code of the seller it is bound to, as the front ends show it. */
public record UserView(User user, Optional<SellerCode> sellerCode) {
}
