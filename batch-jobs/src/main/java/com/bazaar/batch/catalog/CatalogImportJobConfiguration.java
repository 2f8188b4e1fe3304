package com.bazaar.batch.catalog;

import com.bazaar.batch.support.JobLogContext;
import com.bazaar.batch.support.ImportParameters;
import com.bazaar.batch.support.ProgressListener;
import com.bazaar.batch.support.CurrentActor;
import com.bazaar.batch.csv.CsvRecord;
import com.bazaar.domain.catalog.application.ImportCatalog;
import com.bazaar.domain.catalog.CatalogImports;
import com.bazaar.domain.seller.SellerCode;
import org.springframework.batch.core.job.Job;
import org.springframework.batch.core.job.builder.JobBuilder;
import org.springframework.batch.core.repository.JobRepository;
import org.springframework.batch.core.step.Step;
import org.springframework.batch.core.step.builder.StepBuilder;
import org.springframework.batch.infrastructure.support.transaction.ResourcelessTransactionManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * The catalog import job: {@code stage} (chunks of 1000 rows: read, check by the domain, stage or reject) then
 * {@code finish} (catalog rules, error policy, plan or apply, error report). Identifying parameters: seller, file
 * checksum, mode and error policy, and - only when given - the file's format ({@code format}: bazaar, shopify or
 * magento; absent for auto) and {@code generate-sku} - the same file for the same seller and options is one job
 * instance, so running it again is a restart (or, once complete, nothing at all), never a second import. The format
 * identifies because a restart must read the rows staged so far and the rest in one format: were it describing, the
 * same file run again with another {@code --format} would restart the instance and stage its remaining rows read
 * otherwise. It is absent for auto so that a file's job instance stays the one it was before formats existed (auto
 * on the same bytes always detects the same format). The job repository lives in
 * PostgreSQL (migration V5) and shares the data source and transaction manager, so a chunk's rows and the reader's
 * saved position commit together.
 */
@Configuration
public class CatalogImportJobConfiguration {

    public static final String JOB = "catalog-import";
    public static final String SELLER = ImportParameters.SELLER;
    public static final String SHA256 = ImportParameters.SHA256;
    public static final String MODE = ImportParameters.MODE;
    public static final String ON_ERROR = ImportParameters.ON_ERROR;
    public static final String FILE = ImportParameters.FILE;
    public static final String ERROR_REPORT = ImportParameters.ERROR_REPORT;
    /** Identifying, when not auto: bazaar, shopify or magento ({@link CatalogFormat#label()}). */
    public static final String FORMAT = "format";
    /** Identifying, when given ("true"): a Shopify variant without a SKU gets one derived from its handle and options. */
    public static final String GENERATE_SKU = "generate-sku";
    public static final int CHUNK = 1000;

    /** The format the job's parameters name; empty: detected from the header. */
    static java.util.Optional<CatalogFormat> format(org.springframework.batch.core.job.parameters.JobParameters parameters) {
        return CatalogFormat.parse(parameters.getString(FORMAT));
    }

    static boolean generateSku(org.springframework.batch.core.job.parameters.JobParameters parameters) {
        return "true".equals(parameters.getString(GENERATE_SKU));
    }

    @Bean
    CatalogImportSteps catalogImportSteps(CatalogImports imports, ImportCatalog importCatalog, CurrentActor actor,
                                          JobRepository jobRepository) {
        return new CatalogImportSteps(imports, seller -> importCatalog.authorise(actor.get(), SellerCode.of(seller)),
                jobRepository);
    }

    @Bean
    Step catalogImportStage(JobRepository jobRepository, PlatformTransactionManager transactionManager,
                            CatalogImportSteps steps, ProgressListener progress) {
        return new StepBuilder("stage", jobRepository).<CsvRecord, CatalogRows.Checked>chunk(CHUNK)
                .transactionManager(transactionManager)
                .reader(steps.reader()).processor(steps).writer(steps)
                .listener(steps).listener(progress)
                .build();
    }

    @Bean
    Step catalogImportFinish(JobRepository jobRepository, ImportCatalog importCatalog, CatalogImports imports,
                             CurrentActor actor) {
        // no step transaction: the use case opens its own, so a refusal of the actor is audited, not rolled back
        return new StepBuilder("finish", jobRepository)
                .tasklet(new CatalogImportFinish(importCatalog, imports, actor, jobRepository),
                        new ResourcelessTransactionManager())
                .build();
    }

    @Bean
    Job catalogImportJob(JobRepository jobRepository, Step catalogImportStage, Step catalogImportFinish,
                         CatalogImports imports) {
        return new JobBuilder(JOB, jobRepository).listener(new JobLogContext())
                .listener(new DiscardStagingWhenComplete(imports))
                .start(catalogImportStage).next(catalogImportFinish).build();
    }
}
