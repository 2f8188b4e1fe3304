package com.bazaar.domain.catalog;

import java.util.List;
import java.util.function.Consumer;

/** Port: the rejected rows of any file job (one per job instance and row), for counts and the error report. */
public interface ImportRejections {

    void reject(long importId, List<CatalogImports.Rejection> rejections);

    void forEach(long importId, Consumer<CatalogImports.Rejection> visitor);

    long count(long importId);
}
