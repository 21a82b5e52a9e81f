export const redactMsg = {
  badPattern: (name: string, why: string) => `The redaction pattern ${JSON.stringify(name)} is not a valid regular expression: ${why}.`,
  badPatternFix: 'Fix or remove it under `redaction.extra_patterns` in .agent-handover.yml (JavaScript regex syntax, no slashes or flags).',
  secretLeft: (path: string, kinds: string) => `Refused to write ${path}: it still holds text that looks like a secret (${kinds}) after redaction.`,
  secretLeftFix: 'Nothing was written. If the value is not a secret, add it under `redaction.allow` in .agent-handover.yml; otherwise report the text shape as a redaction bug.',
} as const;
