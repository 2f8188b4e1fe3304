package com.bazaar.cache;

import com.bazaar.domain.catalog.CatalogImports;
import com.bazaar.domain.catalog.CatalogLine;
import com.bazaar.domain.catalog.ProductStatus;
import com.bazaar.domain.seller.SellerId;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/** The bulk port of catalog imports: applying an import makes the seller's cached entries stale once it commits. */
public final class InvalidatingCatalogImports implements CatalogImports {

    private final CatalogImports database;
    private final ReadCache cache;

    public InvalidatingCatalogImports(CatalogImports database, ReadCache cache) {
        this.database = database;
        this.cache = cache;
    }

    @Override
    public Plan apply(long importId, SellerId seller, Columns columns, Plan planned, Instant at) {
        Plan applied = database.apply(importId, seller, columns, planned, at);
        AfterCommit.run(() -> cache.invalidate(seller, ReadCache.Source.WRITER));
        return applied;
    }

    @Override
    public void prepare(long importId, boolean resuming) {
        database.prepare(importId, resuming);
    }

    @Override
    public void discard(long importId) {
        database.discard(importId);
    }

    @Override
    public void stage(long importId, List<CatalogLine> lines) {
        database.stage(importId, lines);
    }

    @Override
    public void reject(long importId, List<Rejection> rejections) {
        database.reject(importId, rejections);
    }

    @Override
    public void warn(long importId, List<Warning> warnings) {
        database.warn(importId, warnings);
    }

    @Override
    public long rejectByCatalogRules(long importId, SellerId seller,
                                     Map<ProductStatus, Set<ProductStatus>> allowedMoves, boolean lock) {
        return database.rejectByCatalogRules(importId, seller, allowedMoves, lock);
    }

    @Override
    public Plan plan(long importId, SellerId seller, Columns columns, int minorDigits, int sampleSize) {
        return database.plan(importId, seller, columns, minorDigits, sampleSize);
    }

    @Override
    public void forEachReported(long importId, Consumer<Reported> visitor) {
        database.forEachReported(importId, visitor);
    }

    @Override
    public void forEachRow(long importId, Consumer<Reported> visitor) {
        database.forEachRow(importId, visitor);
    }
}
