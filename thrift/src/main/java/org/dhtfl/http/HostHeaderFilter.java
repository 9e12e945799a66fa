package org.dhtfl.http;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Answers a request only when its Host header names this machine: an IP address, {@code localhost}
 * or the machine's own host name. A web page from elsewhere whose domain an attacker points at
 * 127.0.0.1 (DNS rebinding) reaches the port with its own domain in the Host header, and is
 * refused with 421 before any handler reads the request.
 */
public final class HostHeaderFilter extends Filter {

  private final Set<String> names;

  private HostHeaderFilter(Set<String> names) {
    this.names = names;
  }

  /** Allows IP addresses, localhost and this machine's host names. */
  public static HostHeaderFilter forThisMachine() {
    java.util.HashSet<String> names = new java.util.HashSet<>();
    names.add("localhost");
    try {
      InetAddress self = InetAddress.getLocalHost();
      names.add(self.getHostName().toLowerCase(Locale.ROOT));
      names.add(self.getCanonicalHostName().toLowerCase(Locale.ROOT));
    } catch (UnknownHostException e) {
      // A machine without a resolvable name of its own is reached by address or as localhost.
    }
    return new HostHeaderFilter(Set.copyOf(names));
  }

  /** Whether a Host header's value names this machine; a request without one is refused. */
  public boolean allows(String header) {
    return host(header).map(h -> isAddress(h) || names.contains(h)).orElse(false);
  }

  @Override
  public void doFilter(HttpExchange exchange, Chain chain) throws IOException {
    if (allows(exchange.getRequestHeaders().getFirst("Host"))) {
      chain.doFilter(exchange);
      return;
    }
    try (exchange) {
      exchange.sendResponseHeaders(421, -1);
    }
  }

  @Override
  public String description() {
    return "answers only requests whose Host header names this machine";
  }

  /** The host part of a Host header ("name", "name:port", "[v6]:port"), lower case. */
  static Optional<String> host(String header) {
    if (header == null || header.isBlank()) {
      return Optional.empty();
    }
    String value = header.strip().toLowerCase(Locale.ROOT);
    if (value.startsWith("[")) {
      int end = value.indexOf(']');
      return end < 0 ? Optional.empty() : Optional.of(value.substring(0, end + 1));
    }
    int colon = value.indexOf(':');
    if (colon >= 0 && value.indexOf(':', colon + 1) >= 0) {
      return Optional.empty();
    }
    return Optional.of(colon < 0 ? value : value.substring(0, colon));
  }

  /** An IPv4 literal or a bracketed IPv6 literal: no name a DNS record can re-point. */
  static boolean isAddress(String host) {
    if (host.startsWith("[") && host.endsWith("]")) {
      String inner = host.substring(1, host.length() - 1);
      return !inner.isEmpty() && inner.chars().allMatch(c -> Character.digit(c, 16) >= 0 || c == ':' || c == '.');
    }
    String[] parts = host.split("\\.", -1);
    if (parts.length != 4) {
      return false;
    }
    for (String part : parts) {
      if (part.isEmpty() || part.length() > 3 || !part.chars().allMatch(Character::isDigit)
          || Integer.parseInt(part) > 255) {
        return false;
      }
    }
    return true;
  }
}
