package io.github.broadleafmeta.theme;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

/**
 * The theme module's dependency rules from the architecture notes, on the compiled classes: the snippet renderer
 * stays free of Thymeleaf, Spring, the servlet API and Broadleaf (so a Thymeleaf 3 processor can reuse it), and
 * only {@code theme.broadleaf31} knows Broadleaf.
 */
@AnalyzeClasses(packages = ThemeArchitectureTest.THEME, importOptions = ImportOption.DoNotIncludeTests.class)
class ThemeArchitectureTest {

    static final String THEME = "io.github.broadleafmeta.theme";

    @ArchTest
    static final ArchRule RENDERER_USES_NO_TEMPLATE_OR_STOREFRONT_TYPES = noClasses()
            .that().resideInAPackage(THEME + ".render..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "org.thymeleaf..", "org.springframework..", "javax.servlet..", "jakarta.servlet..",
                    "org.broadleafcommerce..");

    /** The page-data interface is servlet-based by design, but a store implements it without Thymeleaf. */
    @ArchTest
    static final ArchRule PAGE_DATA_INTERFACE_USES_NO_TEMPLATE_OR_BROADLEAF_TYPES = noClasses()
            .that().resideInAPackage(THEME + ".spi..")
            .should().dependOnClassesThat().resideInAnyPackage("org.thymeleaf..", "org.broadleafcommerce..");

    @ArchTest
    static final ArchRule ONLY_THE_ADAPTER_USES_BROADLEAF = noClasses()
            .that().resideInAPackage(THEME + "..").and().resideOutsideOfPackage(THEME + ".broadleaf31..")
            .should().dependOnClassesThat().resideInAPackage("org.broadleafcommerce..");

    @Test
    void shouldImportTheRendererAndTheDialectWhenAnalyzingTheMainClasses() {
        JavaClasses main = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(THEME);
        // An empty import would make the rules above pass vacuously.
        assertThat(main.stream().filter(c -> c.getPackageName().equals(THEME + ".render")).count())
                .as("renderer classes analyzed").isGreaterThan(3);
        assertThat(main.stream().filter(c -> c.getPackageName().equals(THEME + ".dialect")).count())
                .as("dialect classes analyzed").isGreaterThan(3);
    }
}
