import { buildAssets, defaultAssetDir } from '../src/web/assets.js';

// Part of `npm run build`: compressing the stylesheet once here keeps it off the start-up path.
const manifest = buildAssets(defaultAssetDir());
console.log(`assets ready: ${manifest.stylesheet} and ${manifest.fonts.length} fonts`);
