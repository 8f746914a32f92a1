package io.github.broadleafmeta.core;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.Test;

/**
 * The dependency rules of the architecture notes (invariant 9), checked on the compiled classes: every reference
 * counts, imported or fully qualified, in signatures, fields, annotations and method bodies. The engine is all of
 * {@code io.github.broadleafmeta.core} except the Broadleaf 3.1 adapter {@code core.broadleaf31}.
 */
@AnalyzeClasses(packages = EngineArchitectureTest.CORE, importOptions = ImportOption.DoNotIncludeTests.class)
class EngineArchitectureTest {

    static final String CORE = "io.github.broadleafmeta.core";
    private static final String ADAPTER = "io.github.broadleafmeta.core.broadleaf31..";

    @ArchTest
    static final ArchRule ENGINE_USES_NO_STOREFRONT_TYPES = noClasses()
            .that().resideInAPackage(CORE + "..").and().resideOutsideOfPackage(ADAPTER)
            .should().dependOnClassesThat().resideInAnyPackage(
                    "org.broadleafcommerce..", "org.springframework..", "org.thymeleaf..",
                    "javax.servlet..", "jakarta.servlet..")
            .because("the engine is what a second storefront adapter reuses unchanged (ARCHITECTURE.md, invariant 9)");

    @ArchTest
    static final ArchRule ENGINE_DOES_NOT_DEPEND_ON_THE_ADAPTER = noClasses()
            .that().resideInAPackage(CORE + "..").and().resideOutsideOfPackage(ADAPTER)
            .should().dependOnClassesThat().resideInAPackage(ADAPTER)
            .because("the adapter plugs the engine into Broadleaf; the engine must not know which store it runs in");

    @ArchTest
    static final ArchRule ENGINE_PACKAGES_HAVE_NO_CYCLES = slices()
            .matching(CORE + ".(*)..").should().beFreeOfCycles();

    @Test
    void shouldImportTheEngineAndTheAdapterWhenAnalyzingTheMainClasses() {
        JavaClasses main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(CORE);
        // An empty import would make every rule above pass vacuously.
        assertThat(main.stream().filter(c -> !c.getPackageName().startsWith(CORE + ".broadleaf31")).count())
                .as("engine classes analyzed").isGreaterThan(50);
        assertThat(main.stream().filter(c -> c.getPackageName().startsWith(CORE + ".broadleaf31")).count())
                .as("adapter classes analyzed").isGreaterThan(5);
    }

    @Test
    void shouldReportAFullyQualifiedSpringCallWhenAnEngineClassMakesOne() {
        EvaluationResult result = ENGINE_USES_NO_STOREFRONT_TYPES.evaluate(
                new ClassFileImporter().importClasses(FullyQualifiedSpringUse.class));

        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().getDetails())
                .anySatisfy(line -> assertThat(line).contains("org.springframework.util.StringUtils"));
    }

    @Test
    void shouldReportAServletParameterTypeWhenAnEngineMethodDeclaresOne() {
        EvaluationResult result = ENGINE_USES_NO_STOREFRONT_TYPES.evaluate(
                new ClassFileImporter().importClasses(ServletInSignature.class));

        assertThat(result.hasViolation()).isTrue();
        assertThat(result.getFailureReport().getDetails())
                .anySatisfy(line -> assertThat(line).contains("javax.servlet.http.HttpServletRequest"));
    }

    /** An engine-package class that names Spring without an import line (what the old regex test missed). */
    static final class FullyQualifiedSpringUse {
        boolean hasText(String value) {
            return org.springframework.util.StringUtils.hasText(value);
        }
    }

    /** An engine-package class whose signature names the servlet API. */
    static final class ServletInSignature {
        String agent(javax.servlet.http.HttpServletRequest request) {
            return null;
        }
    }
}
