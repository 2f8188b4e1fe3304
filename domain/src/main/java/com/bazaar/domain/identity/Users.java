package com.bazaar.domain.identity;

import com.bazaar.domain.shared.PageRequest;
import com.bazaar.domain.shared.Page;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Port: all users. Names and token hashes are unique (database constraints). */
public interface Users {

    /** Stores a new active user; throws {@link com.bazaar.domain.shared.Conflict} when the name is taken. */
    User add(User.Draft draft, Instant at);

    Optional<User> byName(UserName name);

    Optional<User> byNameForUpdate(UserName name);

    Optional<User> byTokenHash(TokenHash hash);

    /** Active users holding the role, their rows locked until the transaction ends. */
    List<User> activeWithRoleForUpdate(Role role);

    void update(User user);

    List<User> all();

    /** A page of all users in name order; the name is the cursor. */
    Page<User> all(PageRequest page);
}
