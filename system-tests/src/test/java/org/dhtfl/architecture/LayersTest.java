package org.dhtfl.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The layers of reports/design.md as rules over the compiled classes of every module: the client
 * and the supernode reach nodes only over the wire, the Chord core knows no Thrift and no metrics
 * library, ml-core knows no network, the protocol module knows no program, no class uses the parts of libthrift whose
 * dependencies the build leaves out, and no two packages import each other. This module
 * depends on every program, so the build compiles every module's classes before it reads them.
 */
class LayersTest {

  private static final List<String> MODULES = List.of("thrift", "ml-core", "computenode", "supernode", "client");

  private static JavaClasses classes;

  @BeforeAll
  static void importEveryModule() {
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
  void everyModulesClassesAreRead() {
    assertThat(classes.containPackage("org.dhtfl.client")).isTrue();
    assertThat(classes.containPackage("org.dhtfl.supernode")).isTrue();
    assertThat(classes.containPackage("org.dhtfl.chord")).isTrue();
    assertThat(classes.containPackage("org.dhtfl.node")).isTrue();
    assertThat(classes.containPackage("org.dhtfl.ml")).isTrue();
    assertThat(classes.containPackage("org.dhtfl.rpc")).isTrue();
  }

  @Test
  void theClientReachesNodesOnlyOverTheWire() {
    noClasses().that().resideInAPackage("org.dhtfl.client..")
        .should().dependOnClassesThat().resideInAnyPackage("org.dhtfl.chord..", "org.dhtfl.node..",
            "org.dhtfl.supernode..")
        .because("the client reaches nodes and the supernode only over the wire (dhtfl-thrift)")
        .check(classes);
  }

  @Test
  void theSupernodeUsesNeitherNodeCodeNorMachineLearning() {
    noClasses().that().resideInAPackage("org.dhtfl.supernode..")
        .should().dependOnClassesThat().resideInAnyPackage("org.dhtfl.chord..", "org.dhtfl.node..",
            "org.dhtfl.client..", "org.dhtfl.ml..", "org.dhtfl.plot..")
        .because("the supernode depends on the protocol module only")
        .check(classes);
  }

  @Test
  void theChordCoreUsesNoThriftAndNoNodeCode() {
    noClasses().that().resideInAPackage("org.dhtfl.chord..")
        .should().dependOnClassesThat().resideInAnyPackage("org.apache.thrift..", "org.dhtfl.thrift..",
            "org.dhtfl.rpc..", "org.dhtfl.node..", "org.dhtfl.jobs..", "org.dhtfl.ml..", "org.dhtfl.cli..")
        .because("the Chord core talks to peers through its Peer interface and knows nothing of the wire")
        .check(classes);
  }

  @Test
  void theChordCoreAndMachineLearningKnowNoMetricsLibrary() {
    noClasses().that().resideInAnyPackage("org.dhtfl.chord..", "org.dhtfl.ml..", "org.dhtfl.plot..")
        .should().dependOnClassesThat().resideInAnyPackage("io.prometheus..", "org.dhtfl.metrics..")
        .because("the Chord core reports what it does through ChordNode.Events; the node's metrics listen to it")
        .check(classes);
  }

  @Test
  void machineLearningKnowsNoNetwork() {
    noClasses().that().resideInAnyPackage("org.dhtfl.ml..", "org.dhtfl.plot..")
        .should().dependOnClassesThat().resideInAnyPackage("org.apache.thrift..", "org.dhtfl.thrift..",
            "org.dhtfl.rpc..", "org.dhtfl.ring..", "org.dhtfl.jobs..", "java.net..")
        .because("ml-core is a library of models and data, with no network code")
        .check(classes);
  }

  @Test
  void theProtocolModuleKnowsNoProgram() {
    noClasses().that().resideInAnyPackage("org.dhtfl.ring..", "org.dhtfl.jobs..", "org.dhtfl.rpc..",
        "org.dhtfl.cli..", "org.dhtfl.thrift..", "org.dhtfl.metrics..")
        .should().dependOnClassesThat().resideInAnyPackage("org.dhtfl.chord..", "org.dhtfl.node..",
            "org.dhtfl.client..", "org.dhtfl.supernode..", "org.dhtfl.ml..", "org.dhtfl.plot..")
        .because("every program depends on the protocol module, never the other way")
        .check(classes);
  }

  @Test
  void theRingAndJobValuesUseNoThrift() {
    noClasses().that().resideInAnyPackage("org.dhtfl.ring..", "org.dhtfl.jobs..")
        .should().dependOnClassesThat().resideInAnyPackage("org.apache.thrift..", "org.dhtfl.thrift..",
            "org.dhtfl.rpc..")
        .because("the key space, node references and job values are plain values; org.dhtfl.rpc converts them")
        .check(classes);
  }

  @Test
  void noClassUsesThePartsOfLibthriftWhoseDependenciesTheBuildLeavesOut() {
    noClasses().that().resideInAPackage("org.dhtfl..")
        .should().dependOnClassesThat().resideInAnyPackage("org.apache.hc..", "jakarta..",
            "org.apache.commons.lang3..", "org.apache.thrift.partial..")
        .orShould().dependOnClassesThat().haveNameMatching(
            "org\\.apache\\.thrift\\.(transport\\.THttpClient|THttpClientResponseHandler|server\\.T(Extensible)?Servlet)(\\$.*)?")
        .because("thrift/pom.xml excludes libthrift's HTTP client, servlet API and commons-lang3 from the runnable jars")
        .check(classes);
  }

  @Test
  void noTwoPackagesImportEachOther() {
    slices().matching("org.dhtfl.(**)").should().beFreeOfCycles().check(classes);
  }
}
