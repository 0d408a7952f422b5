import type { Metafile } from 'esbuild';

/** `class X …` and `X = class …`, with the class's own inner name when it has one (`X = class _X`). */
const CLASS_DECLARATION =
  /\bclass\s+([A-Za-z_$][\w$]*)(?:\s+extends\s+([A-Za-z_$][\w$.]*))?|(?<![\w$])([A-Za-z_$][\w$]*)\s*=\s*class\b(?:\s+(?!extends\b)([A-Za-z_$][\w$]*))?(?:\s+extends\s+([A-Za-z_$][\w$.]*))?/g;

interface DeclaredClass {
  /** The name the class answers to at run time: `.name`, and so `new.target.name` and the logs'. */
  readonly name: string;
  /** The binding code refers to it by. */
  readonly binding: string;
  readonly parent: string | null;
}

function classesIn(code: string): DeclaredClass[] {
  return [...code.matchAll(CLASS_DECLARATION)].map(([, declared, declaredParent, bound, inner, boundParent]) => {
    const binding = declared ?? bound ?? '';
    return { name: inner ?? binding, binding, parent: declaredParent ?? boundParent ?? null };
  });
}

/**
 * The error classes of the compiled `outputs` whose run-time name is not a name some class has in
 * the `sources` (the workspace's and those of the npm packages compiled in): esbuild renamed them
 * (`Refused2`, for a collision with another declaration of the bundle or a global; `_Refused`, the
 * inner name of a class that refers to itself). Errors are logged by class name (`new.target.name`,
 * pino's `type`), and some packages derive a field from it (Stripe's `type`), so those would change.
 * Other classes are not checked: nothing reads their names.
 */
export function renamedErrorClasses(outputs: readonly string[], sources: readonly string[]): string[] {
  const sourceNames = new Set(sources.flatMap((source) => classesIn(source).map((declared) => declared.name)));
  const compiled = outputs.flatMap(classesIn);
  const parentOf = new Map(compiled.map((declared) => [declared.binding, declared.parent]));
  const isError = (binding: string | null, depth = 0): boolean =>
    binding !== null && depth < 50 && (binding === 'Error' || isError(parentOf.get(binding) ?? null, depth + 1));
  return compiled.filter((declared) => isError(declared.parent) && !sourceNames.has(declared.name)).map((declared) => declared.name);
}

/**
 * The npm packages of `lazy` that one of the build's `entryPoints` loads as it starts: imported by an
 * output file reached from it through static imports alone. Each should be imported only by what is
 * loaded on demand (a dynamic import, which the metafile counts as an entry point of its own), as an
 * adapter is when configured.
 */
export function loadedAtStart(metafile: Metafile, entryPoints: readonly string[], lazy: readonly string[]): string[] {
  const reached = new Set(
    Object.entries(metafile.outputs).flatMap(([path, output]) => (entryPoints.includes(output.entryPoint ?? '') ? [path] : [])),
  );
  for (const path of reached) {
    for (const imported of metafile.outputs[path]?.imports ?? []) {
      if (!imported.external && imported.kind === 'import-statement') reached.add(imported.path);
    }
  }
  return lazy.filter((name) =>
    [...reached].some((path) => metafile.outputs[path]?.imports.some((imported) => imported.external && imported.path === name)),
  );
}

/**
 * The `inputs` the build put anywhere but into the files of its `entryPoints` (into a shared chunk, or
 * a dynamic import's): a module that finds files beside itself (`new URL('./assets/',
 * import.meta.url)`) finds them only beside the entry point's file.
 */
export function inputsOutsideEntryFiles(metafile: Metafile, entryPoints: readonly string[], inputs: readonly string[]): string[] {
  return inputs.filter((input) =>
    Object.values(metafile.outputs).some((output) => output.inputs[input] !== undefined && !entryPoints.includes(output.entryPoint ?? '')),
  );
}
