/**
 * True for a loopback host name or address: `localhost`, 127.0.0.0/8, `::1`, in brackets or as an
 * IPv4-mapped IPv6 address (`::ffff:127.0.0.1`). Shared by the configuration (plain http only to
 * loopback), the status server (a token off loopback) and the emulator (admin endpoints).
 */
export function isLoopback(hostOrAddress: string | undefined): boolean {
  if (!hostOrAddress) return false;
  let host = hostOrAddress.replace(/^\[|\]$/g, '');
  if (host.startsWith('::ffff:')) host = host.slice(7);
  return host === 'localhost' || host === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host);
}
