package org.dhtfl.architecture;

import static com.tngtech.archunit.base.DescribedPredicate.describe;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaMethod;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The rooms of the node's job layer (reports/design.md, "node application"): the result store is
 * the only place results are written, and only the executor (a job's own result) and the
 * replication (a copy pulled from another node) ask it to write; the Thrift side talks to the one
 * face, the job service, and to no room behind it. Read from every module's compiled classes, as
 * {@link LayersTest} reads them.
 */
class NodeRoomsTest {

  private static final List<String> MODULES = List.of("thrift", "ml-core", "computenode", "supernode", "client");

  private static final String NODE = "org.dhtfl.node.";
  private static final String STORE = NODE + "ResultStore";
  private static final String EXECUTOR = NODE + "JobExecutor";
  private static final String REPLICATION = NODE + "Replication";
  private static final String ROUTER = NODE + "FileRouter";
  private static final String ROWS = NODE + "FileRows";
  /** The store's methods that change what it holds or how long its runs stay. */
  private static final Set<String> WRITES = Set.of("record", "recordRefusal", "touch", "adopt");
  /** The rooms behind the job service. */
  private static final Set<String> ROOMS = Set.of(STORE, EXECUTOR, REPLICATION, ROUTER, ROWS);

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
  void theRulesNameTheStoresWritingMethodsAndTheRoomsAsTheyAre() {
    JavaClass store = classes.get(STORE);
    Set<String> methods = store.getMethods().stream().map(JavaMethod::getName).collect(Collectors.toSet());

    assertThat(methods).containsAll(WRITES);
    assertThat(ROOMS).allSatisfy(room -> assertThat(classes.contain(room)).as(room).isTrue());
    assertThat(classes.get(EXECUTOR).getMethodCallsFromSelf()).anySatisfy(call -> {
      assertThat(call.getTargetOwner().getName()).isEqualTo(STORE);
      assertThat(call.getName()).isEqualTo("record");
    });
  }

  @Test
  void onlyTheExecutorAndTheReplicationAskTheResultStoreToWrite() {
    noClasses().that().doNotHaveFullyQualifiedName(EXECUTOR).and().doNotHaveFullyQualifiedName(REPLICATION)
        .and().doNotHaveFullyQualifiedName(STORE)
        .should().accessTargetWhere(describe("a writing method of the result store",
            access -> access.getTargetOwner().getName().equals(STORE) && WRITES.contains(access.getName())))
        .because("results are written in the result store only, for the executor (a job of this node) and the "
            + "replication (a copy pulled from the key's owner or a ring neighbour)")
        .check(classes);
  }

  @Test
  void theThriftSideCallsTheJobServiceAndNoRoomBehindIt() {
    noClasses().that().resideInAPackage("org.dhtfl.node.thrift..")
        .should().accessTargetWhere(describe("a member of a room behind the job service",
            access -> ROOMS.contains(access.getTargetOwner().getName())))
        .orShould().dependOnClassesThat(describe("are rooms behind the job service (the router's RoutingException aside)",
            type -> ROOMS.contains(type.getName()) && !type.getName().equals(ROUTER)))
        .because("a handler converts between the wire and the domain and calls the one face, JobService")
        .check(classes);
  }
}
