package org.dhtfl.architecture;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClass;
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
 * The rooms of the RPC surface as rules over every module's compiled classes: who may call a
 * method is decided only by the method tables and their guard (org.dhtfl.rpc..), and a handler
 * converts between the wire and the domain, without deciding callers or reaching past the node's
 * facade into its job executor or result store.
 */
class RpcRoomsTest {

  private static final List<String> MODULES = List.of("thrift", "ml-core", "computenode", "supernode", "client");
  private static final String[] HANDLERS = {"org.dhtfl.node.thrift.ComputeNodeHandler",
      "org.dhtfl.supernode.SupernodeHandler"};

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
  void theHandlersAreAmongTheClassesRead() {
    for (String handler : HANDLERS) {
      assertThat(classes.contain(handler)).as(handler).isTrue();
    }
  }

  @Test
  void theHandlersDoNotDecideWhoMayCall() {
    noClasses().that().haveFullyQualifiedName(HANDLERS[0]).or().haveFullyQualifiedName(HANDLERS[1])
        .should().dependOnClassesThat().haveFullyQualifiedName("org.dhtfl.rpc.CallContext")
        .orShould().dependOnClassesThat().haveFullyQualifiedName("org.dhtfl.rpc.Callers")
        .orShould().dependOnClassesThat().haveFullyQualifiedName("org.dhtfl.rpc.PeerIdentity")
        .orShould().dependOnClassesThat().haveFullyQualifiedName("org.dhtfl.rpc.Role")
        .orShould().dependOnClassesThat().resideInAPackage("org.dhtfl.rpc.methods..")
        .because("each service's method table says who may call, and the guard before the handler enforces it")
        .check(classes);
  }

  @Test
  void onlyTheRpcLayerAppliesTheCallerRules() {
    noClasses().that().resideOutsideOfPackage("org.dhtfl.rpc..")
        .should().dependOnClassesThat().haveFullyQualifiedName("org.dhtfl.rpc.Callers")
        .because("a caller rule is a column of a method table (org.dhtfl.rpc.methods), applied by its guard")
        .check(classes);
  }

  @Test
  void theHandlersCallNoJobExecutorOrResultStore() {
    noClasses().that().haveFullyQualifiedName(HANDLERS[0]).or().haveFullyQualifiedName(HANDLERS[1])
        .should().callCodeUnitWhere(ownedBy(jobExecutorOrResultStore()))
        .because("a handler reaches the node's jobs through the file router, its facade")
        .check(classes);
  }

  /** The node's job executor and result store, by the names their classes have. */
  private static DescribedPredicate<JavaClass> jobExecutorOrResultStore() {
    return DescribedPredicate.describe("a job executor or result store", c -> c.getPackageName()
        .startsWith("org.dhtfl.node") && c.getSimpleName().matches("TrainingJobs|.*(Executor|Store|Pool)"));
  }

  private static DescribedPredicate<JavaCall<?>> ownedBy(DescribedPredicate<JavaClass> owner) {
    return DescribedPredicate.describe("a method or constructor of " + owner.getDescription(),
        call -> owner.test(call.getTargetOwner()));
  }
}
