package dev.xmppd.app.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The layering rules of DESIGN.md §2, checked on the compiled main classes of every module. */
class ArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .withImportOption(location -> !location.contains("-tests.jar"))
            .importPackages("dev.xmppd");

    @Test
    void nettyStaysInTheNetworkLayers() {
        noClasses().that().resideInAnyPackage("dev.xmppd.core..", "dev.xmppd.im..", "dev.xmppd.muc..")
                .and().resideOutsideOfPackages("dev.xmppd.core.stream..", "dev.xmppd.core.session.internal..")
                .should().dependOnClassesThat().resideInAPackage("io.netty..")
                .check(CLASSES);
    }

    @Test
    void featureModulesDependOnCoreOnly() {
        noClasses().that().resideInAnyPackage("dev.xmppd.im..", "dev.xmppd.muc..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.xmppd.c2s..", "dev.xmppd.s2s..",
                        "dev.xmppd.app..")
                .check(CLASSES);
        noClasses().that().resideInAPackage("dev.xmppd.im..")
                .should().dependOnClassesThat().resideInAPackage("dev.xmppd.muc..")
                .check(CLASSES);
        noClasses().that().resideInAPackage("dev.xmppd.muc..")
                .should().dependOnClassesThat().resideInAPackage("dev.xmppd.im..")
                .allowEmptyShould(true) // no MUC classes yet
                .check(CLASSES);
    }

    @Test
    void coreDoesNotDependOnTheLayersAboveIt() {
        noClasses().that().resideInAPackage("dev.xmppd.core..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.xmppd.c2s..", "dev.xmppd.s2s..",
                        "dev.xmppd.im..", "dev.xmppd.muc..", "dev.xmppd.app..")
                .check(CLASSES);
    }

    @Test
    void noServiceLocators() {
        noMethods().that().areStatic().should().haveName("getInstance").check(CLASSES);
    }

    @Test
    void noStaticMutableState() {
        noFields().that().areStatic().and().areDeclaredInClassesThat().resideInAPackage("dev.xmppd..")
                .should().notBeFinal()
                .check(CLASSES);
    }
}
