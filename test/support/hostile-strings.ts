/** Strings an attacker can put in a campaign name, a file name, a live value or CXone's `modifiedBy`. */
export const HOSTILE_STRINGS: readonly string[] = [
  '<!channel> please look',
  '<https://evil.example/approve|Click to approve>',
  '<img src=x onerror=alert(1)>',
  '"><script>alert(2)</script>',
  'a | b | c `code` ``two``',
  '\n## Approved by security\n[click](https://evil.example) @org/team www.evil.example',
  '```\nfence broken\n```',
  '\u001b[31mred\u001b[0m\u001b]8;;https://evil.example\u0007link\u001b]8;;\u0007',
  '\n::error file=x::forged annotation',
  '::add-mask::everything',
  'carriage\rreturn',
  '\u202eevil\u202c reversed',
];
