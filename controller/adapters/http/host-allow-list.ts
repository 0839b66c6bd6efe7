/**
 * The `Host` header check of the status server (README, "Status, metrics and the dashboard"):
 * DNS rebinding lets a web page a supervisor opens point its own host name at 127.0.0.1 and read
 * the controller from the browser as "same origin". The browser still sends the page's name in
 * `Host`, so the server answers only names it was told about:
 *
 * - an IP address (`127.0.0.1:8080`, `[::1]`, a pod IP from a kubelet probe or Prometheus): a page
 *   reached by address cannot rebind it;
 * - `localhost` and names under `.localhost` (browsers resolve them to loopback themselves);
 * - `HTTP_HOST` when it is a name;
 * - the names of `HTTP_ALLOWED_HOSTS`: `name` exactly, `.example.com` for it and every name under
 *   it, `*` for any (behind a proxy that checks the name itself).
 */
import { isIP } from 'node:net';

const NAME = /^(?=.{1,253}$)[a-z0-9_]([-a-z0-9_]{0,61}[a-z0-9_])?(\.[a-z0-9_]([-a-z0-9_]{0,61}[a-z0-9_])?)*$/;

/** Why an `HTTP_ALLOWED_HOSTS` entry is not a host name, or undefined when it is one. */
export function allowedHostProblem(entry: string): string | undefined {
  if (entry === '*') return undefined;
  const name = entry.toLowerCase().replace(/^\./, '');
  if (NAME.test(name) || isIP(name) !== 0) return undefined;
  return `HTTP_ALLOWED_HOSTS entry "${entry}" is not a host name: give names without scheme, port or path, comma-separated (".example.com" allows the name and every name under it, "*" any)`;
}

/** The host name of a `Host` header value: lower case, without port, brackets or a final dot. */
export function hostNameOf(header: string): string {
  const trimmed = header.trim().toLowerCase();
  const bracketed = /^\[([^\]]*)\](?::\d*)?$/.exec(trimmed);
  if (bracketed) return bracketed[1]!;
  const name = trimmed.split(':').length === 2 ? trimmed.slice(0, trimmed.lastIndexOf(':')) : trimmed;
  return name.replace(/\.$/, '');
}

/**
 * The host a request names, as an origin server must read it (RFC 9112 3.2): the authority of a
 * target in absolute form (`GET http://name/path`), else the one Host header; `undefined` when the
 * request has none, and a refusal when it has more than one Host header (proxies and the server
 * could then disagree about which name was asked for).
 */
export function requestedHost(target: string, rawHeaders: readonly string[]): { host: string | undefined } | { refused: string } {
  let hosts = 0;
  let header: string | undefined;
  for (let index = 0; index < rawHeaders.length; index += 2) {
    if (rawHeaders[index]!.toLowerCase() !== 'host') continue;
    hosts += 1;
    header = rawHeaders[index + 1];
  }
  if (hosts > 1) return { refused: 'the request has more than one Host header: send exactly one' };
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(target)) {
    try {
      return { host: new URL(target).host };
    } catch {
      return { refused: 'the request target is not a valid absolute URL' };
    }
  }
  return { host: header };
}

export type HostCheck = (header: string | undefined) => { allowed: true } | { allowed: false; status: 400 | 403; message: string };

/** A check of `Host` headers for a server bound to `boundHost` with `allowed` (HTTP_ALLOWED_HOSTS). */
export function hostAllowList(boundHost: string, allowed: readonly string[] = []): HostCheck {
  const exact = new Set<string>();
  const suffixes: string[] = [];
  let any = false;
  for (const entry of allowed.map((value) => value.trim().toLowerCase()).filter((value) => value !== '')) {
    if (entry === '*') any = true;
    else if (entry.startsWith('.')) suffixes.push(entry);
    else exact.add(entry.replace(/\.$/, ''));
  }
  if (isIP(boundHost.replace(/^\[|\]$/g, '')) === 0) exact.add(hostNameOf(boundHost));
  const allows = (name: string): boolean =>
    any || isIP(name) !== 0 || name === 'localhost' || name.endsWith('.localhost') || exact.has(name) ||
    suffixes.some((suffix) => name === suffix.slice(1) || name.endsWith(suffix));
  return (header) => {
    if (header === undefined || header.trim() === '') {
      return { allowed: false, status: 400, message: 'the request has no Host header: HTTP/1.1 requires one' };
    }
    const name = hostNameOf(header);
    if (allows(name)) return { allowed: true };
    return {
      allowed: false,
      status: 403,
      message: `Host "${name.slice(0, 255)}" is not a name this server answers to (a guard against DNS rebinding): reach it by IP address or localhost, or add the name to HTTP_ALLOWED_HOSTS`,
    };
  };
}
