package com.bazaar.batch.support;

/**
 * The parameters of the seller import jobs. Identifying (same values = same job instance): seller, sha256, mode,
 * on-error. Not identifying: file, error-report, owner.pid.
 */
public final class ImportParameters {
    public static final String SELLER = "seller";
    public static final String SHA256 = "sha256";
    public static final String MODE = "mode";
    public static final String ON_ERROR = "on-error";
    public static final String FILE = "file";
    public static final String ERROR_REPORT = "error-report";
    public static final String OWNER_PID = "owner.pid";

    private ImportParameters() {
    }
}
