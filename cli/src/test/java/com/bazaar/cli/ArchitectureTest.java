package com.bazaar.cli;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.GeneralCodingRules.ACCESS_STANDARD_STREAMS;

/**
 * The dependency direction: domain <- everything else; the domain is plain Java. The boundaries between the domain's
 * feature modules are checked where they live, by the domain's own DomainModulesTest.
 */
class ArchitectureTest {

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("com.bazaar");
    }

    @Test
    void theDomainIsPlainJava() {
        classes().that().resideInAPackage("com.bazaar.domain..")
                .should().onlyDependOnClassesThat().resideInAnyPackage("com.bazaar.domain..", "java.lang..",
                        "java.util..", "java.time..", "java.security..", "java.nio.charset..", "java.math..",
                        "javax.crypto..")
                .because("the domain has no Spring, JDBC, JPA, Jackson or picocli; time and ids come through ports"
                        + " (javax.crypto: the audit key's HMAC is plain JDK)")
                .check(classes);
    }

    @Test
    void theDomainDependsOnNoOtherModule() {
        noClasses().that().resideInAPackage("com.bazaar.domain..")
                .should().dependOnClassesThat().resideInAnyPackage("com.bazaar.postgres..", "com.bazaar.cli..",
                        "com.bazaar.batch..", "com.bazaar.reconciliation..", "com.bazaar.events..", "com.bazaar.cache..")
                .check(classes);
    }

    @Test
    void adaptersDoNotDependOnFrontEnds() {
        noClasses().that().resideInAnyPackage("com.bazaar.postgres..", "com.bazaar.batch..",
                        "com.bazaar.reconciliation..", "com.bazaar.events..", "com.bazaar.cache..")
                .should().dependOnClassesThat().resideInAPackage("com.bazaar.cli..")
                .check(classes);
    }

    @Test
    void theCacheDecoratesDomainPortsAndKnowsNoOtherAdapter() {
        noClasses().that().resideInAPackage("com.bazaar.cache..")
                .should().dependOnClassesThat().resideInAnyPackage("com.bazaar.postgres..", "com.bazaar.events..",
                        "com.bazaar.batch..", "com.bazaar.reconciliation..")
                .because("the cache wraps the domain's ports (products, discounts, catalog imports); the database and"
                        + " Kafka are wired to it in the command line")
                .check(classes);
        noClasses().that().resideInAnyPackage("com.bazaar.postgres..", "com.bazaar.events..", "com.bazaar.batch..",
                        "com.bazaar.reconciliation..")
                .should().dependOnClassesThat().resideInAPackage("com.bazaar.cache..")
                .check(classes);
    }

    @Test
    void kafkaAdaptersGoThroughTheDomainNotAroundIt() {
        noClasses().that().resideInAPackage("com.bazaar.events..")
                .should().dependOnClassesThat().resideInAnyPackage("com.bazaar.postgres..", "com.bazaar.batch..",
                        "com.bazaar.reconciliation..")
                .because("the events module is Kafka's adapter of domain ports; the database is reached through them")
                .check(classes);
    }

    @Test
    void jobsAndReconciliationGoThroughTheDomainNotAroundIt() {
        noClasses().that().resideInAnyPackage("com.bazaar.batch..", "com.bazaar.reconciliation..")
                .should().dependOnClassesThat().resideInAPackage("com.bazaar.postgres..")
                .check(classes);
    }

    @Test
    void theCommandLineRunsJobsThroughTheFacadeNotSpringBatch() {
        noClasses().that().resideInAPackage("com.bazaar.cli..")
                .should().dependOnClassesThat().resideInAPackage("org.springframework.batch..")
                .because("commands start, restart, stop, list and show jobs through the jobs facade of batch-jobs"
                        + " (com.bazaar.batch.jobs) and read its typed reports")
                .check(classes);
    }

    @Test
    void onlyTheEntryPointTouchesStandardStreams() {
        noClasses().that().doNotHaveFullyQualifiedName(BazaarMain.class.getName())
                .should(ACCESS_STANDARD_STREAMS)
                .because("commands print through their own writers, diagnostics go through the logger")
                .check(classes);
    }
}
