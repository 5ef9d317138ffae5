import { BlockList, isIP } from "node:net";

// Which addresses outbound HTTP may reach. Everything that is not on the public internet is refused:
// loopback, private ranges, link-local (cloud metadata lives at 169.254.169.254), carrier-grade NAT,
// multicast, documentation and benchmarking ranges, and IPv6's equivalents (IPv4-mapped addresses are
// judged by the IPv4 address inside them).
const nonPublic = new BlockList();
for (const [net, prefix] of [
  ["0.0.0.0", 8],
  ["10.0.0.0", 8],
  ["100.64.0.0", 10],
  ["127.0.0.0", 8],
  ["169.254.0.0", 16],
  ["172.16.0.0", 12],
  ["192.0.0.0", 24],
  ["192.0.2.0", 24],
  ["192.88.99.0", 24],
  ["192.168.0.0", 16],
  ["198.18.0.0", 15],
  ["198.51.100.0", 24],
  ["203.0.113.0", 24],
  ["224.0.0.0", 4],
  ["240.0.0.0", 4],
] as const)
  nonPublic.addSubnet(net, prefix, "ipv4");
for (const [net, prefix] of [
  ["::", 128],
  ["::1", 128],
  ["64:ff9b::", 96],
  ["64:ff9b:1::", 48],
  ["100::", 64],
  ["2001::", 23],
  ["2001:db8::", 32],
  ["2002::", 16],
  ["fc00::", 7],
  ["fe80::", 10],
  ["fec0::", 10],
  ["ff00::", 8],
] as const)
  nonPublic.addSubnet(net, prefix, "ipv6");

/** The IPv4 address inside an IPv4-mapped IPv6 address (::ffff:a.b.c.d or ::ffff:xxxx:xxxx), if any. */
function mappedIpv4(ip: string): string | undefined {
  const m = /^::ffff:(.+)$/i.exec(ip);
  if (!m) return undefined;
  const rest = m[1]!;
  if (isIP(rest) === 4) return rest;
  const hex = /^([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(rest);
  if (!hex) return undefined;
  const hi = Number.parseInt(hex[1]!, 16);
  const lo = Number.parseInt(hex[2]!, 16);
  return `${hi >> 8}.${hi & 255}.${lo >> 8}.${lo & 255}`;
}

/** True when `ip` is a public unicast address that outbound HTTP may reach without being allowed. */
export function isPublicAddress(ip: string): boolean {
  const family = isIP(ip);
  if (family === 0) return false;
  if (family === 6) {
    const v4 = mappedIpv4(ip);
    if (v4) return !nonPublic.check(v4, "ipv4");
    return !nonPublic.check(ip, "ipv6");
  }
  return !nonPublic.check(ip, "ipv4");
}

/**
 * True for a loopback address as written: 127.0.0.0/8 or ::1 (IPv4-mapped forms are not: a trusted
 * Graph base is written by an operator, plainly).
 */
export function isLoopbackAddress(ip: string): boolean {
  const family = isIP(ip);
  if (family === 4) return ip.split(".")[0] === "127";
  return family === 6 && ip.toLowerCase() === "::1";
}

/**
 * The administrator's allow-list (EGRESS_ALLOW_HOSTS): host names (exact, case-insensitive), IP
 * addresses and CIDR ranges. A URL whose host is an allowed name may resolve anywhere; otherwise every
 * address it resolves to must be public or inside an allowed address or range.
 */
export class AllowList {
  private readonly names = new Set<string>();
  private readonly addresses = new BlockList();
  private empty = true;

  constructor(entries: readonly string[]) {
    for (const raw of entries) {
      const entry = raw
        .trim()
        .toLowerCase()
        .replace(/^\[|\]$/g, "");
      if (!entry) continue;
      this.empty = false;
      const [net, prefix] = entry.split("/");
      const family = isIP(net ?? "");
      if (family && prefix !== undefined) {
        this.addresses.addSubnet(net!, Number(prefix), family === 4 ? "ipv4" : "ipv6");
      } else if (family) {
        this.addresses.addAddress(entry, family === 4 ? "ipv4" : "ipv6");
      } else {
        this.names.add(entry);
      }
    }
  }

  allowsHost(hostname: string): boolean {
    return !this.empty && this.names.has(hostname.toLowerCase().replace(/^\[|\]$/g, ""));
  }

  allowsAddress(ip: string): boolean {
    if (this.empty) return false;
    const family = isIP(ip);
    if (!family) return false;
    const v4 = family === 6 ? mappedIpv4(ip) : undefined;
    if (v4) return this.addresses.check(v4, "ipv4");
    return this.addresses.check(ip, family === 4 ? "ipv4" : "ipv6");
  }
}

/** Parses the allow-list variable's value: a comma- or space-separated list. */
export function parseAllowList(value: string | undefined): string[] {
  return (value ?? "")
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}
