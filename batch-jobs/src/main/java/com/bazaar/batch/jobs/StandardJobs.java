package com.bazaar.batch.jobs;

import com.bazaar.batch.audit.AuditExportJobConfiguration;
import com.bazaar.batch.catalog.CatalogImportJobConfiguration;
import com.bazaar.batch.inventory.InventorySyncJobConfiguration;
import com.bazaar.batch.refunds.RefundsJobConfiguration;
import com.bazaar.domain.application.ExportAudit;
import com.bazaar.domain.application.ImportCatalog;
import com.bazaar.domain.application.IssueRefund;
import com.bazaar.domain.application.SyncInventory;
import com.bazaar.domain.catalog.CatalogImports;
import com.bazaar.domain.catalog.ImportRejections;
import com.bazaar.domain.inventory.InventorySyncs;

import java.util.List;
import java.util.Map;

/** The jobs this module defines (catalog import, inventory sync, refunds, audit export) and what they need. */
public final class StandardJobs {

    private StandardJobs() {
    }

    public static JobModule module(CatalogImports catalogImports, ImportCatalog importCatalog,
                                   InventorySyncs inventorySyncs, SyncInventory syncInventory, IssueRefund issueRefund,
                                   ExportAudit exportAudit, ImportRejections importRejections) {
        return new JobModule(List.of(CatalogImportJobConfiguration.class, InventorySyncJobConfiguration.class,
                RefundsJobConfiguration.class, AuditExportJobConfiguration.class),
                Map.of("catalogImports", catalogImports, "importCatalog", importCatalog,
                        "inventorySyncs", inventorySyncs, "syncInventory", syncInventory,
                        "issueRefund", issueRefund, "exportAudit", exportAudit,
                        "importRejections", importRejections));
    }
}
