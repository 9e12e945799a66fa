package org.dhtfl.supernode;

import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.dhtfl.ring.NodeRef;

/**
 * The nodes allowed to join: compute_node.txt, one {@code ip,port} per line as in the reference.
 * Blank lines and lines starting with # are skipped.
 */
public final class AdmissionList {

  /** One allowed node: the host as written, the address it resolves to, and the port. */
  public record Entry(String host, InetAddress address, int port) {
  }

  private final List<Entry> entries;

  private AdmissionList(List<Entry> entries) {
    this.entries = List.copyOf(entries);
  }

  /** Reads the file; a malformed line fails naming the file and the line. */
  public static AdmissionList read(Path file) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    return parse(file.toString(), lines);
  }

  public static AdmissionList parse(String source, List<String> lines) throws IOException {
    List<Entry> entries = new ArrayList<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i).strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String where = source + " line " + (i + 1);
      String[] parts = line.split(",", -1);
      if (parts.length != 2 || parts[0].isBlank()) {
        throw new IOException(where + ": '" + line + "' is not ip,port");
      }
      int port;
      try {
        port = NodeRef.checkPort(Long.parseLong(parts[1].strip()));
      } catch (NumberFormatException e) {
        throw new IOException(where + ": '" + parts[1].strip() + "' is not a port number");
      } catch (IllegalArgumentException e) {
        throw new IOException(where + ": " + e.getMessage());
      }
      String host = parts[0].strip();
      InetAddress address;
      try {
        address = InetAddress.getByName(host);
      } catch (UnknownHostException e) {
        throw new IOException(where + ": unknown host '" + host + "'");
      }
      entries.add(new Entry(host, address, port));
    }
    return new AdmissionList(entries);
  }

  public List<Entry> entries() {
    return entries;
  }

  /**
   * The entry a node listening on {@code port} and connecting from {@code peer} stands for: same
   * port, and the listed address is the peer's (any two addresses of the supernode's own machine
   * count as the same host).
   */
  public Optional<Entry> match(int port, InetAddress peer) {
    return entries.stream()
        .filter(e -> e.port() == port)
        .filter(e -> e.address().equals(peer) || isLocal(e.address()) && isLocal(peer))
        .findFirst();
  }

  /** Why no entry matches, for the refusal. */
  public String refusal(int port, InetAddress peer) {
    List<String> hosts = entries.stream().filter(e -> e.port() == port).map(Entry::host).toList();
    if (hosts.isEmpty()) {
      return "port " + port + " is not in the admission list";
    }
    return "port " + port + " is listed for " + String.join(", ", hosts) + ", not for " + peer.getHostAddress();
  }

  static boolean isLocal(InetAddress address) {
    if (address.isLoopbackAddress() || address.isAnyLocalAddress()) {
      return true;
    }
    try {
      return NetworkInterface.getByInetAddress(address) != null;
    } catch (SocketException e) {
      return false;
    }
  }
}
