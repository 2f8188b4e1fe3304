package com.bazaar.domain;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The boundaries of the domain's feature modules (docs/adr/0001-module-layout.md, "Update: feature modules").
 * A module is {@code com.bazaar.domain.<feature>}: its model and ports in the package itself (the module's published
 * API), its use cases in {@code <feature>.application}. Use cases are the top layer: they orchestrate across the
 * published APIs of any module, and nothing in the domain calls them.
 */
class DomainModulesTest {

    /** Every feature module; a new top-level domain package must be added here (and to docs/domain_model.md). */
    static final List<String> MODULES = List.of("audit", "catalog", "event", "identity", "inventory", "limits", "operations",
            "order", "payment", "pricing", "reconciliation", "seller", "shared", "support");

    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("com.bazaar.domain");
    }

    @Test
    void everyTopLevelPackageIsAKnownModule() {
        File root = new File("src/main/java/com/bazaar/domain");
        List<String> found = Arrays.stream(Objects.requireNonNull(root.listFiles(File::isDirectory)))
                .map(File::getName).sorted().toList();
        assertThat(found).containsExactlyElementsOf(MODULES);
    }

    @Test
    void thePublishedApisOfTheModulesHaveNoCycles() {
        slices().matching("com.bazaar.domain.(*)").should().beFreeOfCycles()
                .because("a module's model and ports depend only on modules below it").check(classes);
    }

    @Test
    void theModelNeverUsesUseCasesOrTheirSupport() {
        noClasses().that().resideInAPackage("com.bazaar.domain.(*)")
                .and().resideOutsideOfPackage("com.bazaar.domain.support")
                .should().dependOnClassesThat().resideInAnyPackage("com.bazaar.domain..application..",
                        "com.bazaar.domain.support..")
                .check(classes);
    }

    @Test
    void theSupportOfUseCasesUsesNoUseCase() {
        noClasses().that().resideInAPackage("com.bazaar.domain.support..")
                .should().dependOnClassesThat().resideInAPackage("com.bazaar.domain..application..")
                .check(classes);
    }

    @Test
    void aModuleUsesAnotherOnlyThroughItsPublishedApi() {
        slices().matching("com.bazaar.domain.(*).application..").should().notDependOnEachOther()
                .because("one module's use cases never call another's: they share the other module's model and ports,"
                        + " or a helper of com.bazaar.domain.support")
                .check(classes);
    }

    @Test
    void useCasesLiveInTheApplicationPackageOfTheirModule() {
        classes().that().resideInAPackage("com.bazaar.domain.(*).application")
                .and().arePublic().and().areTopLevelClasses()
                .should().haveSimpleNameNotEndingWith("Helper")
                .andShould().haveSimpleNameNotEndingWith("Util")
                .check(classes);
    }
}
