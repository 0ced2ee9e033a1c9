// What following a link does: the same decision as the core's urls.rs, tested against the same table
// (tests/fixtures/url-policy.json, by tests/ui/urls.test.mjs). Whether an external link is really opened is
// decided again in Rust, which asks the reader in a dialog the system draws.

const WEB = ['https://', 'http://'];

function startsWithIgnoringCase(text, prefix) {
  return text.slice(0, prefix.length).toLowerCase() === prefix;
}

/** 'route' (#/...), 'fragment' (#section), 'external' (http, https, mailto) or 'refused'. */
export function linkKind(href) {
  const text = String(href ?? '').replace(/^[\t\n\f\r ]+/, '');
  if (text.startsWith('#/')) return 'route';
  if (text.startsWith('#')) return 'fragment';
  if (WEB.some((scheme) => startsWithIgnoringCase(text, scheme) && text.length > scheme.length)) return 'external';
  if (startsWithIgnoringCase(text, 'mailto:') && text.length > 'mailto:'.length) return 'external';
  return 'refused';
}
