package dev.keel.kernel.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

import java.util.regex.Pattern;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

/**
 * The allowed dependencies between the kernel's packages (the table
 * "Dependency rules" in docs/architecture.md says the same): no cycles;
 * surfaces above services, and nobody below depends on a surface; surfaces do
 * not call each other; {@code plugin} and {@code util} at the bottom.
 */
@AnalyzeClasses(packages = "dev.keel.kernel", importOptions = ImportOption.DoNotIncludeTests.class)
class DependencyRulesTest {

    private static final String KERNEL = "dev.keel.kernel";

    /** The surfaces inside service packages: the HTTP entry's servlets and the observe servlets (with their nested types). */
    private static final Pattern SURFACE_SERVLET = Pattern.compile(
            Pattern.quote(KERNEL) + "\\.(http|observe|security)\\.[A-Za-z0-9]*Servlet(\\$.*)?");

    /**
     * Whole packages that are surfaces (the Gogo commands, the shell over SSH, the terminal console both
     * consoles share, /admin, the web console), and those servlets.
     */
    static final DescribedPredicate<JavaClass> SURFACE = DescribedPredicate.describe(
            "are surfaces (shell, ssh, terminal, admin, console, the servlets of the http entry, observe and security)",
            DependencyRulesTest::isSurface);

    static final DescribedPredicate<JavaClass> NOT_SURFACE = DescribedPredicate.describe("are not surfaces",
            c -> !isSurface(c));

    // @ArchTest methods rather than ArchRule fields: Surefire 3.5.3 runs no @ArchTest field (TNG/ArchUnit#1442)

    @ArchTest
    static void noCyclesBetweenPackages(JavaClasses kernel) {
        slices().matching(KERNEL + ".(*)..").should().beFreeOfCycles().check(kernel);
    }

    @ArchTest
    static void nothingBelowASurfaceDependsOnOne(JavaClasses kernel) {
        noClasses().that(NOT_SURFACE).and().resideInAPackage(KERNEL + "..")
                .should().dependOnClassesThat(SURFACE)
                .because("surfaces call services, never the other way round").check(kernel);
    }

    @ArchTest
    static void onlyTheShellUsesTheShell(JavaClasses kernel) {
        surfaceUsedOnlyByItself("shell").check(kernel);
    }

    @ArchTest
    static void onlySshUsesSsh(JavaClasses kernel) {
        surfaceUsedOnlyByItself("ssh").check(kernel);
    }

    @ArchTest
    static void onlyAdminUsesAdmin(JavaClasses kernel) {
        surfaceUsedOnlyByItself("admin").check(kernel);
    }

    @ArchTest
    static void pluginIsTheBottom(JavaClasses kernel) {
        noClasses().that().resideInAPackage(KERNEL + ".plugin..")
                .should().dependOnClassesThat(kernelPackageOtherThan("plugin", "util"))
                .because("plugin is the bottom of the kernel: it imports no other kernel package except util")
                .check(kernel);
    }

    @ArchTest
    static void utilImportsNoKernelPackage(JavaClasses kernel) {
        noClasses().that().resideInAPackage(KERNEL + ".util..")
                .should().dependOnClassesThat(kernelPackageOtherThan("util"))
                .because("util is importable by every kernel package").check(kernel);
    }

    private static boolean isSurface(JavaClass c) {
        return c.getPackageName().matches(Pattern.quote(KERNEL) + "\\.(shell|ssh|terminal|admin|console)(\\..*)?")
                || SURFACE_SERVLET.matcher(c.getName()).matches();
    }

    private static ArchRule surfaceUsedOnlyByItself(String surface) {
        return noClasses().that().resideOutsideOfPackage(KERNEL + "." + surface + "..")
                .should().dependOnClassesThat().resideInAPackage(KERNEL + "." + surface + "..")
                .because("surfaces call services, never each other");
    }

    private static DescribedPredicate<JavaClass> kernelPackageOtherThan(String... allowed) {
        return DescribedPredicate.describe("are in a kernel package other than " + String.join(", ", allowed), c -> {
            String p = c.getPackageName();
            if (!p.equals(KERNEL) && !p.startsWith(KERNEL + ".")) {
                return false;
            }
            for (String a : allowed) {
                if (p.equals(KERNEL + "." + a) || p.startsWith(KERNEL + "." + a + ".")) {
                    return false;
                }
            }
            return true;
        });
    }
}
