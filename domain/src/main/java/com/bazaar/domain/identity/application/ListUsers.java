package com.bazaar.domain.identity.application;

import com.bazaar.domain.shared.PageRequest;
import com.bazaar.domain.shared.Page;
import com.bazaar.domain.support.Guard;

import com.bazaar.domain.identity.Action;
import com.bazaar.domain.identity.Actor;
import com.bazaar.domain.identity.Users;
import com.bazaar.domain.seller.Seller;
import com.bazaar.domain.seller.Sellers;
import com.bazaar.domain.shared.Transactions;

import java.util.List;

/** Lists all users with their roles and status (never their tokens). */
public final class ListUsers {

    private final Transactions transactions;
    private final Guard guard;
    private final Users users;
    private final Sellers sellers;

    public ListUsers(Transactions transactions, Guard guard, Users users, Sellers sellers) {
        this.transactions = transactions;
        this.guard = guard;
        this.users = users;
        this.sellers = sellers;
    }

    /** A page of the users in name order. */
    public Page<UserView> list(Actor actor, PageRequest page) {
        guard.require(actor, Action.USER_LIST, "users");
        return transactions.readOnly(() -> users.all(page)
                .map(u -> new UserView(u, u.seller().flatMap(sellers::byId).map(Seller::code))));
    }

    public List<UserView> list(Actor actor) {
        guard.require(actor, Action.USER_LIST, "users");
        return transactions.readOnly(() -> users.all().stream()
                .map(u -> new UserView(u, u.seller().flatMap(sellers::byId).map(Seller::code)))
                .toList());
    }
}
