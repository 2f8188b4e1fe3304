package com.bazaar.batch.jobs;

import com.bazaar.batch.catalog.CatalogImportJobConfiguration;
import com.bazaar.batch.input.InputFile;
import com.bazaar.domain.seller.SellerCode;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Import a seller's catalog file. Identifying: seller, the file's checksum, mode (plan or apply) and error policy;
 * describing: the file's path and the error report's.
 */
public record CatalogImportRequest(SellerCode seller, InputFile.Identified input, Mode mode, String onError,
                                   Optional<Path> errorReport) implements JobRequest {

    @Override
    public String job() {
        return CatalogImportJobConfiguration.JOB;
    }

    @Override
    public List<JobParameter> parameters() {
        return Mode.importParameters(seller, input, mode, onError, errorReport);
    }
}
