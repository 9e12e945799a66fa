package org.dhtfl.rpc;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;

/**
 * Who a TLS peer is, read from its certificate: its role and, for a node, the address it serves.
 * The certificate's common name holds both: {@code CN=supernode}, {@code CN=client} (a label may
 * follow: {@code CN=client alice}), {@code CN=node 127.0.0.1:5001}; a node's host is also one of
 * the certificate's subject alternative names (IP or DNS), as scripts/tls-keys.sh writes it.
 */
public record PeerIdentity(Role role, Optional<Address> address) {

  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final int SAN_DNS = 2;
  private static final int SAN_IP = 7;

  public PeerIdentity {
    Objects.requireNonNull(role, "role");
    Objects.requireNonNull(address, "address");
    if ((role == Role.NODE) != address.isPresent()) {
      throw new IllegalArgumentException(role == Role.NODE ? "a node's identity names the address it serves"
          : "only a node's identity names an address, not a " + role + "'s");
    }
  }

  public static PeerIdentity supernode() {
    return new PeerIdentity(Role.SUPERNODE, Optional.empty());
  }

  public static PeerIdentity client() {
    return new PeerIdentity(Role.CLIENT, Optional.empty());
  }

  public static PeerIdentity node(String host, int port) {
    return new PeerIdentity(Role.NODE, Optional.of(new Address(host, port)));
  }

  /** The identity a certificate names; fails saying what is missing or malformed. */
  public static PeerIdentity of(X509Certificate certificate) {
    return of(commonName(certificate.getSubjectX500Principal()), alternativeNames(certificate));
  }

  /**
   * The identity a common name gives, checked against the certificate's subject alternative names
   * (IP addresses and DNS names, as text).
   */
  public static PeerIdentity of(String commonName, List<String> alternativeNames) {
    String[] words = commonName.trim().split("\\s+");
    Role role = Role.ofWord(words[0].toLowerCase(Locale.ROOT)).orElseThrow(() -> new IllegalArgumentException(
        "certificate CN=" + commonName + " names no role: it must start with supernode, node or client"));
    if (role != Role.NODE) {
      return new PeerIdentity(role, Optional.empty());
    }
    if (words.length != 2) {
      throw new IllegalArgumentException("certificate CN=" + commonName
          + " must name the address the node serves, as CN=node HOST:PORT");
    }
    Address address = Address.parse(words[1]);
    if (alternativeNames.stream().noneMatch(name -> sameHost(name, address.host()))) {
      throw new IllegalArgumentException("certificate CN=" + commonName + " names host " + address.host()
          + ", which is not among its subject alternative names " + alternativeNames);
    }
    return new PeerIdentity(role, Optional.of(address));
  }

  /** Whether this is the node serving on {@code host} and {@code port}. */
  public boolean isNode(String host, int port) {
    return address.map(a -> a.port() == port && sameHost(a.host(), host)).orElse(false);
  }

  @Override
  public String toString() {
    return address.map(a -> role + " " + a).orElse(role.toString());
  }

  /** A host and the port a node serves on. */
  public record Address(String host, int port) {

    public Address {
      Objects.requireNonNull(host, "host");
      if (host.isEmpty() || host.chars().anyMatch(Character::isWhitespace)) {
        throw new IllegalArgumentException("host '" + host + "' is empty or has spaces");
      }
      if (port < 1 || port > 65535) {
        throw new IllegalArgumentException("port " + port + " out of range 1..65535");
      }
    }

    /** HOST:PORT, an IPv6 host in brackets ([::1]:5001). */
    static Address parse(String text) {
      int colon = text.lastIndexOf(':');
      if (colon <= 0 || colon == text.length() - 1) {
        throw new IllegalArgumentException("'" + text + "' is not HOST:PORT");
      }
      String host = text.substring(0, colon);
      if (host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      } else if (host.contains(":")) {
        throw new IllegalArgumentException("'" + text + "': an IPv6 host is written in brackets, [::1]:5001");
      }
      try {
        return new Address(host, Integer.parseInt(text.substring(colon + 1)));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("'" + text + "' has no port number after the colon");
      }
    }

    @Override
    public String toString() {
      return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
  }

  /**
   * Whether two host names are the same host: IP literals compared as addresses, names without
   * regard to case, and a name and an address by resolving the name.
   */
  static boolean sameHost(String a, String b) {
    if (a.equalsIgnoreCase(b)) {
      return true;
    }
    try {
      if (isLiteral(a) && isLiteral(b)) {
        return InetAddress.getByName(a).equals(InetAddress.getByName(b));
      }
      if (isLiteral(a) == isLiteral(b)) {
        return false;
      }
      InetAddress literal = InetAddress.getByName(isLiteral(a) ? a : b);
      return List.of(InetAddress.getAllByName(isLiteral(a) ? b : a)).contains(literal);
    } catch (UnknownHostException e) {
      return false;
    }
  }

  private static boolean isLiteral(String host) {
    return IPV4.matcher(host).matches() || host.contains(":");
  }

  private static String commonName(X500Principal subject) {
    try {
      for (Rdn rdn : new LdapName(subject.getName(X500Principal.RFC2253)).getRdns()) {
        if (rdn.getType().equalsIgnoreCase("CN")) {
          return rdn.getValue().toString();
        }
      }
    } catch (InvalidNameException e) {
      throw new IllegalArgumentException("certificate subject " + subject + " cannot be read: " + e.getMessage());
    }
    throw new IllegalArgumentException("certificate subject " + subject + " has no CN naming a role");
  }

  private static List<String> alternativeNames(X509Certificate certificate) {
    List<String> names = new ArrayList<>();
    try {
      Collection<List<?>> entries = certificate.getSubjectAlternativeNames();
      for (List<?> entry : entries == null ? List.<List<?>>of() : entries) {
        if (entry.size() == 2 && entry.get(0) instanceof Integer type && (type == SAN_DNS || type == SAN_IP)) {
          names.add(String.valueOf(entry.get(1)));
        }
      }
    } catch (CertificateParsingException e) {
      throw new IllegalArgumentException("certificate subject alternative names cannot be read: " + e.getMessage());
    }
    return names;
  }
}
