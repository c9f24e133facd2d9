// The layer rules of ARCHITECTURE.md ("Layer rules"), checked by `npm test`: a module imports
// only from its own layer or a lower one, and nothing imports in a circle.
const layers = [
  ['^src/server\\.ts$', '^scripts/', '^bench/'],
  ['^src/app\\.ts$', '^src/plugins/'],
  ['^src/routes/'],
  ['^src/demo/'],
  ['^src/workflow/'],
  ['^src/store/', '^src/documents/'],
  ['^src/auth/', '^src/http/', '^src/calendar/', '^src/log\\.ts$'],
  ['^src/db/'],
  ['^src/errors/', '^src/config\\.ts$', '^src/clock\\.ts$', '^src/project-files\\.ts$'],
  ['^machines/'],
];

const upward = layers.slice(1).map((paths, i) => ({
  name: `layer-${i + 2}-imports-up`,
  comment: `${paths.join(' ')} may import only from its own layer or a lower one`,
  severity: 'error',
  from: { path: paths },
  to: { path: layers.slice(0, i + 1).flat() },
}));

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...upward,
    {
      name: 'no-cycle',
      comment: 'no import cycle anywhere',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'console-stands-alone',
      comment: 'src/console runs in the browser and imports nothing from the server',
      severity: 'error',
      from: { path: '^src/console/' },
      to: { pathNot: '^src/console/' },
    },
    {
      name: 'unlayered',
      comment: 'every module under src/ belongs to a layer; add a new folder to the list above',
      severity: 'error',
      from: { path: '^src/', pathNot: [...layers.flat(), '^src/console/'] },
      to: {},
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: ['^test/http/typed-client'] },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: ['.ts', '.js', '.json'] },
  },
};
