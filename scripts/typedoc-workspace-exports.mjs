// @ts-check
// TypeDoc plugin: the `validation.notExported` check, for the workspace packages.
//
// TypeDoc's own check only looks at types declared in the package it documents, which here is the root package
// `ndi` (it holds the entry points' common folder) and declares none, so with entry points in workspace packages it
// never fires. This plugin runs the same check for every package named in `packagesRequiringDocumentation`: a type
// declared there that a documented declaration refers to (a parameter, a return type, a property's type, an
// implemented interface) but that no entry point exports, so the reference renders as plain text and a reader cannot look it up.
//
// `workspaceIntentionallyNotExported` lists the allowed ones as `<package>/<path>:<name>`, e.g.
// `@ndi/network/src/binaries.ts:FabricBinaries`; an entry that no longer matches is reported, so the list shrinks
// when such a type gets exported.
import {
  Application,
  ContainerReflection,
  DeclarationReflection,
  ParameterReflection,
  ParameterType,
  SignatureReflection,
  TypeParameterReflection,
  makeRecursiveVisitor,
} from 'typedoc';

/** @param {Application} app */
export function load(app) {
  app.options.addDeclaration({
    name: 'workspaceIntentionallyNotExported',
    help: 'Types of workspace packages that may be referenced without being exported: <package>/<path>:<name>.',
    type: ParameterType.Array,
    defaultValue: [],
  });
  app.on(Application.EVENT_VALIDATE_PROJECT, (project) => {
    if (!app.options.getValue('validation').notExported) {
      return;
    }
    const packages = new Set(app.options.getValue('packagesRequiringDocumentation'));
    const allowed = new Set(app.options.getValue('workspaceIntentionallyNotExported'));
    const used = new Set();
    const reported = new Set();
    for (const { type, owner } of referenceTypes(project)) {
      const id = type.symbolId;
      if (type.reflection || type.externalUrl || type.isIntentionallyBroken() || id === undefined) {
        continue;
      }
      // The project's own package is TypeDoc's to check.
      if (
        !packages.has(id.packageName) ||
        id.packageName === project.packageName ||
        project.symbolIdHasBeenRemoved(id)
      ) {
        continue;
      }
      const key = `${id.packageName}/${id.packagePath}:${type.qualifiedName}`;
      if (allowed.has(key)) {
        used.add(key);
      } else if (!reported.has(key)) {
        reported.add(key);
        app.logger.validationWarning(
          `${type.qualifiedName}, defined in ${id.packageName}/${id.packagePath}, is referenced by ` +
            `${owner.getFriendlyFullName()} but not exported by any entry point: export it from the package's ` +
            `index.ts, or list "${key}" in workspaceIntentionallyNotExported`,
        );
      }
    }
    for (const key of allowed) {
      if (!used.has(key)) {
        app.logger.validationWarning(
          `workspaceIntentionallyNotExported lists "${key}", which no longer needs it: remove the entry`,
        );
      }
    }
  });
}

/**
 * Every reference type in the documented declarations, with the reflection it appears in. Like TypeDoc's own
 * check, it skips `extends` clauses (inherited members are documented on the subtype anyway).
 *
 * @param {ContainerReflection} project
 */
function referenceTypes(project) {
  /** @type {{ type: import('typedoc').ReferenceType, owner: import('typedoc').Reflection }[]} */
  const found = [];
  /** @type {import('typedoc').Reflection[]} */
  const queue = [project];
  /** @type {import('typedoc').Reflection} */
  let current = project;
  const visitor = makeRecursiveVisitor({
    reference(type) {
      found.push({ type, owner: current });
    },
    reflection(type) {
      queue.push(type.declaration);
    },
  });
  /** @param {import('typedoc').Reflection | import('typedoc').Reflection[] | undefined} item */
  const add = (item) => {
    if (Array.isArray(item)) {
      queue.push(...item);
    } else if (item !== undefined) {
      queue.push(item);
    }
  };
  for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
    current = next;
    if (current instanceof ContainerReflection) {
      add(current.children);
    }
    if (current instanceof DeclarationReflection) {
      current.type?.visit(visitor);
      add(current.typeParameters);
      add(current.signatures);
      add(current.indexSignatures);
      add(current.getSignature);
      add(current.setSignature);
      current.implementedTypes?.forEach((type) => type.visit(visitor));
    }
    if (current instanceof SignatureReflection) {
      add(current.parameters);
      add(current.typeParameters);
      current.type?.visit(visitor);
    }
    if (current instanceof ParameterReflection) {
      current.type?.visit(visitor);
    }
    if (current instanceof TypeParameterReflection) {
      current.type?.visit(visitor);
      current.default?.visit(visitor);
    }
  }
  return found;
}
