/**
 * The ports fetch refuses to connect to: the Fetch standard's "bad port" list, which Node.js's
 * fetch enforces (it fails with the message "bad port" before opening a socket). CXone is never
 * served on one, so a URL with such a port is a configuration error, not a connection to retry
 * (README, "Real CXone").
 */
export const FETCH_BAD_PORTS: ReadonlySet<number> = new Set([
  1, 7, 9, 11, 13, 15, 17, 19, 20, 21, 22, 23, 25, 37, 42, 43, 53, 69, 77, 79, 87, 95, 101, 102, 103, 104, 109, 110, 111, 113, 115, 117, 119, 123, 135, 137, 139, 143,
  161, 179, 389, 427, 465, 512, 513, 514, 515, 526, 530, 531, 532, 540, 548, 554, 556, 563, 587, 601, 636, 989, 990, 993, 995, 1719, 1720, 1723, 2049, 3659, 4045,
  4190, 5060, 5061, 6000, 6566, 6665, 6666, 6667, 6668, 6669, 6679, 6697, 10080,
]);

/** What Node.js's fetch says (the cause's message; it has no code) when it refuses a port. */
export const FETCH_BAD_PORT_MESSAGE = 'bad port';

/** What to do about it, for every message that names such a port. */
export const BAD_PORT_ADVICE = "use the API's HTTPS port (443 when none is given)";

/** "port N is a port fetch refuses to connect to ("bad port")", the words every such message shares. */
export function badPortText(port: number | string): string {
  return `port ${port} is a port fetch refuses to connect to ("bad port")`;
}
