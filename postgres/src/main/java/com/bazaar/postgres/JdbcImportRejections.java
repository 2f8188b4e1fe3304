package com.bazaar.postgres;

/** Factory of the {@link com.bazaar.domain.catalog.ImportRejections} port over table {@code import_rejections}. */
public final class JdbcImportRejections {

    private JdbcImportRejections() {
    }

    public static com.bazaar.domain.catalog.ImportRejections create(Database database) {
        return ImportRejections.port(database);
    }
}
