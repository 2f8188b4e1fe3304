package com.bazaar.batch.jobs;

import com.bazaar.batch.audit.AuditExportJobConfiguration;
import com.bazaar.batch.catalog.CatalogImportJobConfiguration;
import com.bazaar.batch.inventory.InventorySyncJobConfiguration;
import com.bazaar.batch.refunds.RefundsJobConfiguration;
import com.bazaar.domain.audit.application.ExportAudit;
import com.bazaar.domain.catalog.CatalogImports;
import com.bazaar.domain.catalog.ImportRejections;
import com.bazaar.domain.catalog.application.ImportCatalog;
import com.bazaar.domain.inventory.InventorySyncs;
import com.bazaar.domain.inventory.application.SyncInventory;
import com.bazaar.domain.payment.application.IssueRefund;
import com.bazaar.domain.payment.application.SettleInDoubtPayments;

import java.util.List;
import java.util.Map;

/** The jobs this module defines, each with the domain ports and use cases it needs. */
public final class StandardJobs {

    private StandardJobs() {
    }

    public static JobModule catalogImport(CatalogImports catalogImports, ImportCatalog importCatalog) {
        return new JobModule(List.of(CatalogImportJobConfiguration.class),
                Map.of("catalogImports", catalogImports, "importCatalog", importCatalog));
    }

    public static JobModule inventorySync(InventorySyncs inventorySyncs, SyncInventory syncInventory) {
        return new JobModule(List.of(InventorySyncJobConfiguration.class),
                Map.of("inventorySyncs", inventorySyncs, "syncInventory", syncInventory));
    }

    public static JobModule refunds(IssueRefund issueRefund, SettleInDoubtPayments janitor,
                                    ImportRejections importRejections,
                                    com.bazaar.domain.operations.StagedRows stagedRows) {
        return new JobModule(List.of(RefundsJobConfiguration.class), Map.of("issueRefund", issueRefund,
                "settleInDoubtPayments", janitor, "importRejections", importRejections, "stagedRows", stagedRows));
    }

    public static JobModule auditExport(ExportAudit exportAudit) {
        return new JobModule(List.of(AuditExportJobConfiguration.class), Map.of("exportAudit", exportAudit));
    }
}
