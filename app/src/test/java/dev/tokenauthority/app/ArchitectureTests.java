package dev.tokenauthority.app;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The two sides talk only through the published language (events and queries in shared-events), so that they
 * can run as separate processes; the edge (who may call what, verify, the gateway) reads the query side and
 * never the command side; and no package of any module depends on itself through others.
 */
@AnalyzeClasses(packages = "dev.tokenauthority", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTests {

    @ArchTest
    static final ArchRule commandSideDoesNotKnowTheQuerySide = noClasses()
            .that().resideInAPackage("dev.tokenauthority.command..")
            .should().dependOnClassesThat().resideInAPackage("dev.tokenauthority.query..");

    @ArchTest
    static final ArchRule querySideDoesNotKnowTheCommandSide = noClasses()
            .that().resideInAPackage("dev.tokenauthority.query..")
            .should().dependOnClassesThat().resideInAPackage("dev.tokenauthority.command..");

    @ArchTest
    static final ArchRule publishedLanguageDependsOnNeitherSide = noClasses()
            .that().resideInAPackage("dev.tokenauthority.events..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.tokenauthority.command..",
                    "dev.tokenauthority.query..", "dev.tokenauthority.edge..", "dev.tokenauthority.app..");

    @ArchTest
    static final ArchRule theEdgeDoesNotKnowTheCommandSide = noClasses()
            .that().resideInAPackage("dev.tokenauthority.edge..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.tokenauthority.command..", "dev.tokenauthority.app..");

    @ArchTest
    static final ArchRule theSidesDoNotKnowTheEdge = noClasses()
            .that().resideInAnyPackage("dev.tokenauthority.command..", "dev.tokenauthority.query..")
            .should().dependOnClassesThat().resideInAPackage("dev.tokenauthority.edge..");

    /** The console changes and reads nothing but through the admin API, like any other client. */
    @ArchTest
    static final ArchRule theConsoleGoesThroughTheApi = noClasses()
            .that().resideInAPackage("dev.tokenauthority.console..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.tokenauthority.command..",
                    "dev.tokenauthority.query..", "dev.tokenauthority.app..");

    /** Every package is a slice: {@code query.verify} and {@code query.gateway} once imported each other. */
    @ArchTest
    static final ArchRule packagesAreFreeOfCycles = slices().matching("dev.tokenauthority.(**)").should().beFreeOfCycles();

    @ArchTest
    static final ArchRule sidesDoNotDependOnTheAssembly = noClasses()
            .that().resideInAnyPackage("dev.tokenauthority.command..", "dev.tokenauthority.query..")
            .should().dependOnClassesThat().resideInAPackage("dev.tokenauthority.app..");
}
