/**
 * The keys a client address is counted under by the per-address limits: the exact address, and
 * its network (the /24 of an IPv4 address, the /64 of an IPv6 one), since whoever holds one
 * address usually holds its neighbours too (a whole /64 is one IPv6 host's). An IPv4-mapped IPv6
 * address (`::ffff:192.0.2.1`, as a dual-stack listener reports IPv4 peers) counts as IPv4.
 * Equal addresses written differently (`2001:DB8::1`, `2001:db8:0::1`) get the same keys.
 */
import { isIPv4, isIPv6 } from "node:net";

export interface AddressKeys {
  address: string;
  network: string;
}

/** The eight 16-bit groups of a valid IPv6 address (its zone, `%eth0`, dropped). */
function ipv6Groups(text: string): number[] {
  let rest = text.split("%")[0] ?? text;
  const tail: number[] = [];
  const dotted = /(\d+\.\d+\.\d+\.\d+)$/.exec(rest);
  if (dotted?.[1]) {
    const [a = 0, b = 0, c = 0, d = 0] = dotted[1].split(".").map(Number);
    tail.push((a << 8) | b, (c << 8) | d);
    rest = rest.slice(0, -dotted[1].length);
    if (rest.endsWith(":") && !rest.endsWith("::")) rest = rest.slice(0, -1);
  }
  const parse = (part: string) => (part === "" ? [] : part.split(":").map((g) => parseInt(g, 16)));
  const [head = "", after] = rest.split("::");
  const left = parse(head);
  const right = [...(after === undefined ? [] : parse(after)), ...tail];
  if (after === undefined) return [...left, ...right];
  return [...left, ...new Array<number>(8 - left.length - right.length).fill(0), ...right];
}

function ipv4Keys(address: string): AddressKeys {
  const octets = address.split(".").map(Number);
  return { address: octets.join("."), network: `${octets.slice(0, 3).join(".")}.0/24` };
}

export function addressKeys(address: string): AddressKeys {
  if (isIPv4(address)) return ipv4Keys(address);
  if (!isIPv6(address)) return { address, network: address };
  const groups = ipv6Groups(address);
  if (groups.slice(0, 5).every((g) => g === 0) && groups[5] === 0xffff) {
    const [high = 0, low = 0] = groups.slice(6);
    return ipv4Keys([high >> 8, high & 255, low >> 8, low & 255].join("."));
  }
  const hex = groups.map((g) => g.toString(16));
  return { address: hex.join(":"), network: `${hex.slice(0, 4).join(":")}::/64` };
}
