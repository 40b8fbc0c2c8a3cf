import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';
import { fromRoot } from '../infra/paths.js';

/**
 * The stylesheet is KERN UX plus Beirat's own rules and the Fira Sans font faces, bundled into one
 * content-hashed file so browsers can cache it forever. Every file is stored pre-compressed (brotli
 * and gzip) next to the original; @fastify/static serves the smallest one the browser accepts.
 */
const kernDir = fromRoot('node_modules/@kern-ux/native/dist');
const ownCss = fromRoot('src/web/assets/beirat.css');
const favicon = fromRoot('src/web/assets/favicon.svg');
// Only the weights the stylesheet uses; KERN ships 32 faces.
const fontWeights = new Set(['300', '400', '500', '600', '700']);

export interface AssetManifest {
  /** URL path of the bundled stylesheet. */
  stylesheet: string;
  favicon: string;
  fonts: string[];
}

function compressInto(file: string, data: Buffer): void {
  fs.writeFileSync(file, data);
  if (/\.(css|js|svg|txt|json)$/.test(file)) {
    fs.writeFileSync(
      `${file}.br`,
      zlib.brotliCompressSync(data, {
        params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: data.length },
      }),
    );
    fs.writeFileSync(`${file}.gz`, zlib.gzipSync(data, { level: 9 }));
  }
}

function fontFaces(): { css: string; files: string[] } {
  const source = fs.readFileSync(path.join(kernDir, 'fonts/fira-sans.css'), 'utf8');
  const files: string[] = [];
  const css = source.replace(/@font-face\s*{[^}]*}/g, (block) => {
    const weight = /font-weight:\s*(\d+)/.exec(block)?.[1];
    const url = /url\("?\.\/fira-sans\/([^")]+)"?\)/.exec(block)?.[1];
    if (!weight || !url || !fontWeights.has(weight)) return '';
    files.push(url);
    return block.replace(/url\("?\.\/fira-sans\//, 'url("fonts/').replace(/\.woff2"?\)/, '.woff2")').replace(/(format\('woff2'\));/, "$1;font-display:swap;");
  });
  return { css, files };
}

/** Writes the public assets into `outDir` (idempotent) and returns their URLs. */
export function buildAssets(outDir: string): AssetManifest {
  const manifestFile = path.join(outDir, 'manifest.json');
  const inputs = [path.join(kernDir, 'kern.min.css'), path.join(kernDir, 'fonts/fira-sans.css'), ownCss, favicon, fileURLToPath(import.meta.url)];
  const inputHash = createHash('sha256');
  for (const input of inputs) inputHash.update(fs.readFileSync(input));
  const key = inputHash.digest('hex');
  if (fs.existsSync(manifestFile)) {
    const existing = JSON.parse(fs.readFileSync(manifestFile, 'utf8')) as AssetManifest & { key: string };
    if (existing.key === key) return { stylesheet: existing.stylesheet, favicon: existing.favicon, fonts: existing.fonts };
  }

  fs.rmSync(outDir, { recursive: true, force: true });
  fs.mkdirSync(path.join(outDir, 'fonts'), { recursive: true });
  const faces = fontFaces();
  const kern = fs.readFileSync(path.join(kernDir, 'kern.min.css'), 'utf8').replace(/^@charset "UTF-8";/, '');
  const css = Buffer.from(
    [
      '@charset "UTF-8";',
      '/*! KERN UX (@kern-ux/native) – https://www.kern-ux.de – Licensed under the EUPL-1.2 */',
      kern,
      '/*! Fira Sans – Copyright (c) 2012-2018 The Mozilla Foundation, Telefonica S.A., Carrois Corporate GbR and bBox Type GmbH – SIL Open Font License 1.1 */',
      faces.css,
      '/*! Beirat – EUPL-1.2 */',
      fs.readFileSync(ownCss, 'utf8'),
    ].join('\n'),
  );
  const cssName = `beirat-${createHash('sha256').update(css).digest('hex').slice(0, 12)}.css`;
  compressInto(path.join(outDir, cssName), css);
  for (const font of faces.files) {
    fs.copyFileSync(path.join(kernDir, 'fonts/fira-sans', font), path.join(outDir, 'fonts', font));
  }
  const icon = fs.readFileSync(favicon);
  const iconName = `favicon-${createHash('sha256').update(icon).digest('hex').slice(0, 12)}.svg`;
  compressInto(path.join(outDir, iconName), icon);
  const manifest = { stylesheet: `/assets/${cssName}`, favicon: `/assets/${iconName}`, fonts: faces.files.map((f) => `/assets/fonts/${f}`) };
  fs.writeFileSync(manifestFile, JSON.stringify({ ...manifest, key }));
  return manifest;
}

/** Built assets are a cache: rebuilt whenever KERN, the fonts or Beirat's stylesheet change. */
export function defaultAssetDir(): string {
  return fromRoot('node_modules/.cache/beirat-assets');
}
