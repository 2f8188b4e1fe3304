package com.bazaar.domain.identity;

/** A user is active until revoked; revocation is final (create a new user to restore access). */
public enum UserStatus {
    ACTIVE, REVOKED
}
