// Types for scripts/minify-templates.mjs, so vite.config.ts can import it under strict TypeScript.
import type { Plugin as EsbuildPlugin } from 'esbuild';
import type { Plugin as VitePlugin } from 'vite';

export declare const applies: (file: string) => boolean;
export declare function minifyTemplates(
  code: string,
  fileName?: string,
): { code: string; edits: { start: number; end: number; text: string }[] } | null;
export declare function minifyTemplatesEsbuild(): EsbuildPlugin;
export declare function minifyTemplatesVite(): VitePlugin;
