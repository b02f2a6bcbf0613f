/**
 * A host identity safe to show to every client: any password inside a URL-like identity is
 * replaced by `***` (`ssh://user:secret@host:22` → `ssh://user:***@host:22`), so keys built from
 * configured targets never leak a credential (architecture §5, MonServ's server keys). The password
 * runs to the last `@` (passwords may contain `@`, `:` or `/`); when in doubt, more is masked.
 */
export function maskCredentials(identity: string): string {
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(identity)?.[0];
  if (!scheme) return identity;
  const rest = identity.slice(scheme.length);
  const at = rest.lastIndexOf("@");
  const colon = rest.indexOf(":");
  if (at === -1 || colon === -1 || colon > at) return identity;
  return `${scheme}${rest.slice(0, colon)}:***@${rest.slice(at + 1)}`;
}
