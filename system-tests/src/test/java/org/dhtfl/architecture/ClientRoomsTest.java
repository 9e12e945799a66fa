package org.dhtfl.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dhtfl.client.aggregation.StrategyParam;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rooms of the client, as rules over its compiled classes: the commands parse and print and
 * leave the wire to the ring package, the console shows what it is told, the aggregation knows no
 * network, a strategy's settings are declared where the strategies are, and the root package holds
 * little more than the program's entry.
 */
class ClientRoomsTest {

  private static final List<String> MODULES = List.of("thrift", "ml-core", "client");
  private static final String[] THRIFT = {"org.dhtfl.thrift..", "org.apache.thrift.."};

  private static JavaClasses classes;

  @BeforeAll
  static void importTheClientAndWhatItUses() {
    Path project = Path.of("").toAbsolutePath().getParent();
    List<Path> folders = new ArrayList<>();
    for (String module : MODULES) {
      Path folder = project.resolve(module).resolve("target").resolve("classes");
      if (!Files.isDirectory(folder)) {
        throw new IllegalStateException(folder + " is missing: run the test from the whole build (mvn verify)");
      }
      folders.add(folder);
    }
    classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
        .importPaths(folders);
  }

  @Test
  void theCommandsBuildNoThriftObjects() {
    noClasses().that().resideInAPackage("org.dhtfl.client.command..")
        .or().haveFullyQualifiedName("org.dhtfl.client.ClientMain")
        .should().dependOnClassesThat().resideInAnyPackage(THRIFT)
        .because("a command parses its options and prints; the calls on the wire are the ring package's")
        .check(classes);
  }

  @Test
  void onlyTheRingAndTheLivePageSpeakThrift() {
    noClasses().that().resideInAPackage("org.dhtfl.client..")
        .and().resideOutsideOfPackages("org.dhtfl.client.ring..", "org.dhtfl.client.watch..")
        .should().dependOnClassesThat().resideInAnyPackage(THRIFT)
        .because("the ring package turns the domain's calls into Thrift's; the live page crawls the ring")
        .check(classes);
  }

  @Test
  void theConsoleDoesNotReachTheRing() {
    noClasses().that().resideInAPackage("org.dhtfl.client.console..")
        .should().dependOnClassesThat().resideInAnyPackage("org.dhtfl.client.ring..", "org.dhtfl.rpc..",
            "org.dhtfl.thrift..", "org.apache.thrift..")
        .because("the console shows what the run tells it")
        .check(classes);
  }

  @Test
  void theAggregationAndTheOptionsKnowNoNetwork() {
    noClasses().that().resideInAnyPackage("org.dhtfl.client.aggregation..", "org.dhtfl.client.options..")
        .should().dependOnClassesThat().resideInAnyPackage("org.dhtfl.client.ring..", "org.dhtfl.rpc..",
            "org.dhtfl.thrift..", "org.apache.thrift..")
        .check(classes);
  }

  @Test
  void aStrategysSettingsAreDeclaredWithTheStrategies() {
    noClasses().that().resideOutsideOfPackage("org.dhtfl.client.aggregation..")
        .should().callConstructor(StrategyParam.class, String.class, String.class, String.class,
            StrategyParam.Range.class, String.class)
        .because("a strategy or server optimizer declares its settings; the options and run.json take them from there")
        .check(classes);
  }

  @Test
  void theRootPackageHoldsAtMostTenClasses() {
    List<String> root = classes.stream().filter(c -> c.getPackageName().equals("org.dhtfl.client"))
        .filter(JavaClass::isTopLevelClass).map(JavaClass::getSimpleName).toList();

    assertThat(root).contains("ClientMain").hasSizeLessThanOrEqualTo(10);
  }
}
