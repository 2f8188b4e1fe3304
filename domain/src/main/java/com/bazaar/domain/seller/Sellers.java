package com.bazaar.domain.seller;

import com.bazaar.domain.shared.PageRequest;
import com.bazaar.domain.shared.Page;
import java.util.List;
import java.util.Optional;

/** Port: all sellers. Codes are unique (a database constraint); {@link #add} refuses a duplicate. */
public interface Sellers {

    /** Stores a new active seller; throws {@link com.bazaar.domain.shared.Conflict} when the code is taken. */
    Seller add(Seller.Draft draft, java.time.Instant at);

    Optional<Seller> byCode(SellerCode code);

    Optional<Seller> byId(SellerId id);

    /** Reads the seller and locks its row until the transaction ends. */
    Optional<Seller> byCodeForUpdate(SellerCode code);

    /**
     * Reads the seller and holds a shared lock on its row until the transaction ends: changes to the seller's catalog
     * take it, so a suspension (which locks the row for update) waits for them, and they see a suspension that
     * committed first.
     */
    Optional<Seller> byIdForShare(SellerId id);

    /** Writes a changed seller; the row's version must still be {@code seller.version()}. */
    void update(Seller seller);

    List<Seller> all();

    /** A page of all sellers in code order; the code is the cursor. */
    Page<Seller> all(PageRequest page);
}
