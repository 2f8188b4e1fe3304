package com.bazaar.batch.jobs;

import com.bazaar.batch.input.InputFile;
import com.bazaar.batch.support.ImportParameters;
import com.bazaar.domain.seller.SellerCode;
import com.bazaar.domain.shared.ValidationException;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** How a file job runs: plan (checks every row, changes nothing) or apply. */
public enum Mode {
    PLAN, APPLY;

    /** {@code plan} or {@code apply}; anything else is refused (MODE_INVALID). */
    public static Mode parse(String mode) {
        return switch (mode) {
            case "plan" -> PLAN;
            case "apply" -> APPLY;
            default -> throw new ValidationException("MODE_INVALID", "mode", "--mode must be plan or apply (got '"
                    + mode + "')");
        };
    }

    public String label() {
        return this == PLAN ? "plan" : "apply";
    }

    /** The parameters of the seller file jobs (catalog import, inventory sync), as {@link ImportParameters} says. */
    static List<JobParameter> importParameters(SellerCode seller, InputFile.Identified input, Mode mode, String onError,
                                               Optional<Path> errorReport) {
        return List.of(JobParameter.identifying(ImportParameters.SELLER, seller.value()),
                JobParameter.identifying(ImportParameters.SHA256, input.sha256()),
                JobParameter.identifying(ImportParameters.MODE, mode.label()),
                JobParameter.identifying(ImportParameters.ON_ERROR, onError),
                JobParameter.describing(ImportParameters.FILE, input.file().toString()),
                JobParameter.describing(ImportParameters.ERROR_REPORT, path(errorReport)));
    }

    static String path(Optional<Path> file) {
        return file.map(p -> p.toAbsolutePath().toString()).orElse("");
    }
}
