import { buildAssets, defaultAssetDir, type AssetManifest } from './assets.js';

let manifest: AssetManifest | undefined;

/** The asset URLs, building the assets on first use when `npm run build` has not done it. */
export function assetManifest(): AssetManifest {
  manifest ??= buildAssets(defaultAssetDir());
  return manifest;
}
