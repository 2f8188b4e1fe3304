package com.bazaar.batch.jobs;

import com.bazaar.batch.catalog.CatalogFormat;
import com.bazaar.batch.catalog.CatalogImportJobConfiguration;
import com.bazaar.batch.input.InputFile;
import com.bazaar.domain.seller.SellerCode;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Import a seller's catalog file. Identifying: seller, the file's checksum, mode (plan or apply) and error policy, and
 * the format and {@code --generate-sku} when given (not for auto: see {@link CatalogImportJobConfiguration});
 * describing: the file's path and the error report's.
 *
 * @param format      {@code auto} (detected from the header), {@code bazaar}, {@code shopify} or {@code magento}
 * @param generateSku derive a SKU for a Shopify variant without one
 */
public record CatalogImportRequest(SellerCode seller, InputFile.Identified input, Mode mode, String onError,
                                   Optional<Path> errorReport, String format, boolean generateSku)
        implements JobRequest {

    public CatalogImportRequest {
        format = format(format);
    }

    /** A request in the format detected from the file's header, without generated SKUs. */
    public CatalogImportRequest(SellerCode seller, InputFile.Identified input, Mode mode, String onError,
                                Optional<Path> errorReport) {
        this(seller, input, mode, onError, errorReport, CatalogFormat.AUTO, false);
    }

    /** A {@code --format} value as the job takes it; FORMAT_INVALID (a validation error) for an unknown one. */
    public static String format(String value) {
        return CatalogFormat.parse(value).map(CatalogFormat::label).orElse(CatalogFormat.AUTO);
    }

    @Override
    public String job() {
        return CatalogImportJobConfiguration.JOB;
    }

    @Override
    public List<JobParameter> parameters() {
        List<JobParameter> parameters = new ArrayList<>(Mode.importParameters(seller, input, mode, onError, errorReport));
        if (!format.equals(CatalogFormat.AUTO)) {
            parameters.add(JobParameter.identifying(CatalogImportJobConfiguration.FORMAT, format));
        }
        if (generateSku) {
            parameters.add(JobParameter.identifying(CatalogImportJobConfiguration.GENERATE_SKU, "true"));
        }
        return List.copyOf(parameters);
    }
}
