/**
 * The only variables a process under test inherits besides the ones its test passes: enough to run
 * node, and nothing of the test run that could configure it (MONGODB_URI, NODE_ENV, …).
 */
export function inheritedBasics(): Record<string, string> {
  const basics: Record<string, string> = {};
  for (const name of ['PATH', 'HOME', 'TMPDIR', 'LANG']) {
    const value = process.env[name];
    if (value !== undefined) basics[name] = value;
  }
  return basics;
}
