package io.github.broadleafmeta.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The engine must stay reusable by any storefront: only the broadleaf31 adapter package may import Broadleaf,
 * Spring, Thymeleaf or the servlet API.
 */
class EnginePurityTest {

    private static final Pattern FORBIDDEN = Pattern.compile(
            "^\\s*import\\s+(?:static\\s+)?((?:org\\.broadleafcommerce|org\\.springframework|org\\.thymeleaf"
                    + "|javax\\.servlet|jakarta\\.servlet)\\b[\\w.*]*)\\s*;", Pattern.MULTILINE);

    static Path engineSourceRoot() {
        String basedir = System.getProperty("basedir");
        Path base = basedir != null ? Paths.get(basedir) : Paths.get("").toAbsolutePath();
        Path root = base.resolve("src/main/java/io/github/broadleafmeta/core");
        if (!Files.isDirectory(root)) {
            root = base.resolve("plugin-core/src/main/java/io/github/broadleafmeta/core");
        }
        return root;
    }

    @Test
    void shouldFindNoStorefrontImportsWhenScanningEngineSources() throws IOException {
        Path root = engineSourceRoot();
        assertThat(root).isDirectory();
        Path adapter = root.resolve("broadleaf31");
        List<String> violations = new ArrayList<>();
        int scanned = 0;
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : (Iterable<Path>) files.filter(p -> p.toString().endsWith(".java"))::iterator) {
                if (file.startsWith(adapter)) {
                    continue;
                }
                scanned++;
                String text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
                Matcher m = FORBIDDEN.matcher(text);
                while (m.find()) {
                    violations.add(root.relativize(file) + ": import " + m.group(1));
                }
            }
        }
        assertThat(scanned).as("engine source files scanned").isGreaterThan(10);
        assertThat(violations).as("storefront imports in the engine").isEmpty();
    }

    @Test
    void shouldDetectForbiddenImportWhenPresent() {
        String sample = "package x;\nimport java.util.List;\nimport org.springframework.context.ApplicationContext;\n"
                + "import static org.thymeleaf.util.StringUtils.isEmpty;\nimport javax.servlet.http.HttpServletRequest;\n"
                + "// import org.broadleafcommerce.Foo; is only a comment mention\n";
        Matcher m = FORBIDDEN.matcher(sample);
        List<String> found = new ArrayList<>();
        while (m.find()) {
            found.add(m.group(1));
        }
        assertThat(found).containsExactly("org.springframework.context.ApplicationContext",
                "org.thymeleaf.util.StringUtils.isEmpty", "javax.servlet.http.HttpServletRequest");
    }
}
