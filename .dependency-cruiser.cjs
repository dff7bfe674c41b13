/**
 * Layering rules of DESIGN.md ("Layers"): the arrows there are the only imports allowed.
 *
 *   spec <- model, impl/machine, impl/kernel, impl/guest
 *   impl/kernel -> impl/machine; impl/guest -> impl/machine
 *   conformance -> model, impl/*, spec
 *   properties, evidence, cli -> everything below them; nothing imports cli
 *
 * Model and implementation never import each other: both are written from the notes
 * independently, so that they can disagree.
 */
const LAYERS_ABOVE_SPEC = '^(model|impl|conformance|properties|evidence|cli|examples|bench)/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'spec-is-the-bottom',
      comment: 'spec/ is the contract: it imports no other layer.',
      severity: 'error',
      from: { path: '^spec/' },
      to: { path: LAYERS_ABOVE_SPEC },
    },
    {
      name: 'model-only-on-spec',
      comment: 'model/ is the abstract specification: it may import spec/ only (never impl/).',
      severity: 'error',
      from: { path: '^model/' },
      to: { path: '^(impl|conformance|properties|evidence|cli|examples|bench)/' },
    },
    {
      name: 'impl-never-sees-the-model',
      comment: 'impl/ is written from the notes, independently of model/.',
      severity: 'error',
      from: { path: '^impl/' },
      to: { path: '^(model|conformance|properties|evidence|cli|examples|bench)/' },
    },
    {
      name: 'machine-knows-nothing-of-prtos',
      comment: 'impl/machine is bare emulated hardware: no kernel, no guest API.',
      severity: 'error',
      from: { path: '^impl/machine/' },
      to: { path: '^impl/(kernel|guest)/' },
    },
    {
      name: 'kernel-and-guest-are-apart',
      comment: 'The kernel and the guest library meet only through the machine (hypercall traps).',
      severity: 'error',
      from: { path: '^impl/kernel/' },
      to: { path: '^impl/guest/' },
    },
    {
      name: 'guest-and-kernel-are-apart',
      severity: 'error',
      from: { path: '^impl/guest/' },
      to: { path: '^impl/kernel/' },
    },
    {
      name: 'conformance-below-the-tools',
      comment: 'conformance/ joins model and implementation; the tools above it import it, not the reverse.',
      severity: 'error',
      from: { path: '^conformance/' },
      to: { path: '^(properties|evidence|cli|bench)/' },
    },
    {
      name: 'properties-below-evidence',
      severity: 'error',
      from: { path: '^properties/' },
      to: { path: '^(evidence|cli|bench)/' },
    },
    {
      name: 'examples-are-guest-programs',
      comment:
        'examples/ hold configurations and guest programs: they see the guest API and the contract only.',
      severity: 'error',
      from: { path: '^examples/' },
      to: { path: '^(model|impl/kernel|impl/machine|conformance|properties|evidence|cli|bench)/' },
    },
    {
      name: 'evidence-below-cli',
      severity: 'error',
      from: { path: '^evidence/' },
      to: { path: '^(cli|bench)/' },
    },
    {
      name: 'nothing-imports-cli',
      severity: 'error',
      from: { pathNot: '^cli/' },
      to: { path: '^cli/' },
    },
    {
      name: 'no-unresolvable',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '(^node_modules|^\\.stryker-tmp|^out)/' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.js', '.json'],
    },
  },
};
