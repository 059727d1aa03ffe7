// A bench page's script: `entry` (TypeScript from src) bundled by esbuild into one minified ES module.
import { build } from 'esbuild';

export async function bundlePage(entry) {
  const bundle = await build({
    entryPoints: [entry],
    bundle: true,
    format: 'esm',
    write: false,
    minify: true,
    tsconfig: 'tsconfig.json',
    // The package's sideEffects list names dist/ files; from src every define module must stay.
    ignoreAnnotations: true,
  });
  return bundle.outputFiles[0].text;
}
