package org.dhtfl.supernode;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.dhtfl.ring.IdSpace;
import org.dhtfl.ring.NodeRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The supernode's members on disk, so that a restart keeps them. The file is rewritten after
 * changes: into a temporary file beside it, forced to disk, then renamed over it, so a crash leaves
 * the old file or the new one, never a part of one. It is read back at start. The membership hands
 * its changes to {@link #offer}, under its lock, which only notes the newest members: one writer
 * thread writes them, so changes that come while a write is under way are written together by the
 * next one, and no join or heartbeat waits for the disk.
 *
 * <p>The format is text (UTF-8): lines starting with # are comments; {@code bits M} comes first;
 * then one {@code node ID HOST PORT} line per member, in ID order.
 */
final class MembershipFile {

  /** The file's name when --state is not given: beside the admission list. */
  static final String DEFAULT_NAME = "supernode-state.txt";

  /**
   * What the file held at start.
   *
   * @param members the members it names (none when it is missing or unusable)
   * @param problem why it could not be used, naming the file and line; empty when it could (or was missing)
   */
  record Restored(List<NodeRef> members, Optional<String> problem) {
    Restored {
      members = List.copyOf(members);
    }
  }

  private static final Logger LOG = LoggerFactory.getLogger("dhtfl.supernode");

  private final Path file;
  private final IdSpace space;
  // Guarded by this.
  private boolean failing;
  // The newest members not yet handed to the writer; null when the writer has them all.
  private final AtomicReference<List<NodeRef>> unwritten = new AtomicReference<>();
  private final ExecutorService writer = Executors.newSingleThreadExecutor(r -> {
    Thread t = new Thread(r, "supernode-membership-file");
    t.setDaemon(true);
    return t;
  });

  MembershipFile(Path file, IdSpace space) {
    this.file = file.toAbsolutePath();
    this.space = space;
  }

  Path path() {
    return file;
  }

  /** The members the file names; a missing file names none, a malformed one is reported in {@link Restored#problem}. */
  Restored read() {
    List<String> lines;
    try {
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (NoSuchFileException e) {
      return new Restored(List.of(), Optional.empty());
    } catch (IOException e) {
      return new Restored(List.of(), Optional.of("cannot read " + file + ": " + e.getMessage()));
    }
    try {
      return new Restored(parse(lines), Optional.empty());
    } catch (IllegalArgumentException e) {
      return new Restored(List.of(), Optional.of(e.getMessage()));
    }
  }

  private List<NodeRef> parse(List<String> lines) {
    List<NodeRef> members = new ArrayList<>();
    Set<Integer> ids = new HashSet<>();
    Set<String> addresses = new HashSet<>();
    boolean bitsSeen = false;
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String where = file + " line " + (i + 1);
      String[] words = line.split("\\s+");
      if (!bitsSeen) {
        if (words.length != 2 || !words[0].equals("bits")) {
          throw new IllegalArgumentException(where + ": '" + line + "' is not 'bits M'");
        }
        int bits = number(words[1], where, "a number of bits");
        if (bits != space.bits()) {
          throw new IllegalArgumentException(where + ": written for m = " + bits + ", but the supernode runs with m = "
              + space.bits() + " (--bits)");
        }
        bitsSeen = true;
        continue;
      }
      if (words.length != 4 || !words[0].equals("node")) {
        throw new IllegalArgumentException(where + ": '" + line + "' is not 'node ID HOST PORT'");
      }
      int id = number(words[1], where, "a node id");
      if (!space.contains(id)) {
        throw new IllegalArgumentException(where + ": node id " + id + " out of range 0.." + (space.size() - 1));
      }
      int port = number(words[3], where, "a port number");
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException(where + ": port " + port + " out of range 1..65535");
      }
      NodeRef node = new NodeRef(id, words[2], port);
      if (!ids.add(node.id())) {
        throw new IllegalArgumentException(where + ": node id " + node.id() + " appears twice");
      }
      if (!addresses.add(node.address())) {
        throw new IllegalArgumentException(where + ": address " + node.address() + " appears twice");
      }
      members.add(node);
    }
    if (!bitsSeen) {
      throw new IllegalArgumentException(file + " line " + (lines.size() + 1)
          + ": the file ends before its 'bits M' line (empty or cut short)");
    }
    return members;
  }

  private static int number(String word, String where, String what) {
    try {
      return Integer.parseInt(word);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(where + ": '" + word + "' is not " + what);
    }
  }

  /** The file's text for these members. */
  String format(List<NodeRef> members) {
    StringBuilder text = new StringBuilder();
    text.append("# dhtfl supernode membership: rewritten at every change, read back at start (--state)\n");
    text.append("bits ").append(space.bits()).append('\n');
    members.stream().sorted(Comparator.comparingInt(NodeRef::id)).forEach(n -> text.append("node ")
        .append(n.id()).append(' ').append(n.host()).append(' ').append(n.port()).append('\n'));
    return text.toString();
  }

  /**
   * Notes the members to be written; the writer thread writes the newest it holds when it gets to
   * them, so a burst of changes costs one or two writes.
   */
  void offer(List<NodeRef> members) {
    if (unwritten.getAndSet(List.copyOf(members)) == null) {
      writer.execute(() -> {
        List<NodeRef> newest = unwritten.getAndSet(null);
        if (newest != null) {
          write(newest);
        }
      });
    }
  }

  /** Writes what is still unwritten, then stops the writer; waits at most {@code timeout}. */
  void close(Duration timeout) {
    writer.shutdown();
    try {
      if (!writer.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warn("the membership file {} was still being written after {} ms", file, timeout.toMillis());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * Replaces the file with these members. A failure is logged (once until a write succeeds again)
   * and the supernode goes on: the members stay in memory, and heartbeats teach them again.
   */
  synchronized void write(List<NodeRef> members) {
    Path temp = null;
    try {
      temp = Files.createTempFile(file.getParent(), file.getFileName() + ".", ".tmp");
      ByteBuffer bytes = ByteBuffer.wrap(format(members).getBytes(StandardCharsets.UTF_8));
      try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE)) {
        while (bytes.hasRemaining()) {
          channel.write(bytes);
        }
        channel.force(true);
      }
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      temp = null;
      forceDirectory();
      if (failing) {
        failing = false;
        LOG.info("membership file {} written again ({} members)", file, members.size());
      }
    } catch (IOException e) {
      if (!failing) {
        failing = true;
        LOG.error("cannot write the membership file {}: {}; the members stay in memory, and the file is written "
            + "again at the next change", file, describe(e));
      }
    } finally {
      if (temp != null) {
        try {
          Files.deleteIfExists(temp);
        } catch (IOException ignored) {
          // A temporary file that cannot be deleted either: the error above says why.
        }
      }
    }
  }

  /** Fails naming the file when its folder does not take a new file: checked at start, not at the first join. */
  void checkWritable() throws IOException {
    Path folder = file.getParent();
    if (!Files.isDirectory(folder)) {
      throw new IOException("cannot write the membership file " + file + ": no folder " + folder);
    }
    try {
      Files.delete(Files.createTempFile(folder, file.getFileName() + ".", ".tmp"));
    } catch (IOException e) {
      throw new IOException("cannot write the membership file " + file + ": " + describe(e), e);
    }
    if (Files.exists(file) && !Files.isReadable(file)) {
      throw new IOException("cannot read the membership file " + file);
    }
  }

  /** The rename is durable once the folder is on disk too; where a folder cannot be forced, the rename is enough. */
  private void forceDirectory() {
    try (FileChannel folder = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
      folder.force(true);
    } catch (IOException | UnsupportedOperationException e) {
      LOG.debug("folder {} not forced to disk: {}", file.getParent(), e.toString());
    }
  }

  private String describe(IOException e) {
    if (e instanceof AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof NoSuchFileException) {
      return "no folder " + file.getParent();
    }
    return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
  }
}
