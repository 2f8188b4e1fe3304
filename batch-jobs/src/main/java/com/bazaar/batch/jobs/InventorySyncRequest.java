package com.bazaar.batch.jobs;

import com.bazaar.batch.input.InputFile;
import com.bazaar.batch.inventory.InventorySyncJobConfiguration;
import com.bazaar.domain.seller.SellerCode;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Sync a seller's stock from a file. Identifying: seller, the file's checksum, mode (and the one error policy,
 * skip-rows); describing: the file's path and the error report's.
 */
public record InventorySyncRequest(SellerCode seller, InputFile.Identified input, Mode mode,
                                   Optional<Path> errorReport) implements JobRequest {

    /** Rows that fail are reported, the rest applied. */
    public static final String ON_ERROR = "skip-rows";

    @Override
    public String job() {
        return InventorySyncJobConfiguration.JOB;
    }

    @Override
    public List<JobParameter> parameters() {
        return Mode.importParameters(seller, input, mode, ON_ERROR, errorReport);
    }
}
