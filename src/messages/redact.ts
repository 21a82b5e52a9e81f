export const redactMsg = {
  badPattern: (name: string, why: string) => `The redaction pattern ${JSON.stringify(name)} is not a valid regular expression: ${why}.`,
  badPatternFix: 'Fix or remove it under `redact.extraPatterns` in .agent-handover.yml (JavaScript regex syntax, no slashes or flags).',
} as const;
