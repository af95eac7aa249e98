/**
 * Hostile strings a compromised or careless server could send, for the hostile-strings browser
 * test. Every executable payload increments `window.__pwned`, so "nothing executed" is one
 * counter reading zero rather than a guess about which sink a payload reached.
 */

/** Bidi controls that reorder text until a paragraph end or a matching pop. */
export const BIDI_CONTROLS = /[\u202a-\u202e\u2066-\u2069]/;

/** One name long enough to blow any layout that does not wrap, clip or truncate it. */
export const LONG_NAME = `W${'a'.repeat(9_998)}W`;

/**
 * Payloads for free-text slots (labels, names, owners, types, reasons, actors, subjects,
 * evidence). Each one targets a different way text can escape being text.
 */
export const TEXT_PAYLOADS: readonly string[] = [
  // Markup that runs script if it ever reaches innerHTML or an HTML parser.
  '<img src=x onerror="window.__pwned++">',
  '<script>window.__pwned++</script>',
  '"><svg onload="window.__pwned++"><x y="',
  `'><iframe srcdoc="<script>parent.__pwned++</script>"></iframe>`,
  '<a href="javascript:window.__pwned++">click me</a>',
  '<style>*{display:none!important}</style>hidden?',
  // URL-shaped text: must stay text, never become a link.
  'javascript:window.__pwned++',
  'data:text/html,<script>window.__pwned++</script>',
  // Template-injection shapes for frameworks that evaluate mustaches.
  "{{constructor.constructor('window.__pwned++')()}} ${window.__pwned++}",
  // Bidi: an override that would flip the text after it, and an isolate left open.
  'Owner \u202eexe.txt\u202c evil',
  '\u2067\u202eunclosed right-to-left isolate',
  // Zero-width, BOM and control characters: must not crash formatting or measuring.
  'a\u200bb\u200c\u200dc\ufeffd\u2060e',
  'ctl \u0000\u0007\u0008\u001b[31mred\u001b[0m \u007f\u0085end',
  // A 10,000-character name with no break opportunity.
  LONG_NAME,
  // 10,000 characters of words: wraps, but must not make the element unboundedly tall.
  'overlong words '.repeat(667).slice(0, 10_000),
  // Stacked combining marks draw far above and below the line box.
  `Z${'\u0336\u0322\u0348'.repeat(60)}algo`,
  // Right-to-left script mixed with numbers.
  'قسم الفواتير 123 ‏(NA)',
];

/**
 * Payloads for `format: uri` slots. They all match the contract's URI syntax check (so the
 * response stays valid and reaches rendering), and none of them may become a clickable link
 * except the two harmless http(s) ones, which prove links still render at all.
 */
export const URI_PAYLOADS: readonly string[] = [
  'javascript:window.__pwned++',
  'JaVaScRiPt:window.__pwned++//https://ok.example/',
  'data:text/html;base64,PHNjcmlwdD53aW5kb3cuX19wd25lZCsrPC9zY3JpcHQ+',
  'vbscript:msgbox(1)',
  'file:///etc/passwd',
  'https://user:secret@evil.example/runbook',
  'https://evil.example/\u202egpj.exe',
  'https://evil.example/\u200bzero-width',
  `https://evil.example/${'x'.repeat(10_000)}`,
  'https://ok.example/runbook',
  'http://ok.example/ticket?q=1',
];

/** What `safeHref` may let through: absolute http(s) without credentials or disguise. */
export function isAcceptableHref(href: string): boolean {
  let url: URL;
  try {
    url = new URL(href);
  } catch {
    return false;
  }
  return (
    (url.protocol === 'http:' || url.protocol === 'https:') &&
    !url.username &&
    !url.password &&
    href.length <= 2048
  );
}
