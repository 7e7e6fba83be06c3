// `npm run build:signer` (also run by `npm pack`): writes the signer bundle a TokenSigner deploys,
// and the manifest the component checks it against, to dist/signer/.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { buildSignerBundle, packageRoot } from "../components/signerBundle.ts";
import { signerDistDir, signerManifestName } from "../components/signerManifest.ts";

const root = packageRoot();
const { code, manifest } = await buildSignerBundle(root);
const outDir = path.join(root, signerDistDir);
mkdirSync(outDir, { recursive: true });
writeFileSync(path.join(outDir, manifest.file), code);
writeFileSync(path.join(outDir, signerManifestName), `${JSON.stringify(manifest, null, 2)}\n`);
console.log(`${signerDistDir}/${manifest.file}  ${manifest.bytes} bytes  sha256 ${manifest.sha256}`);
console.log(
  `  bundled: ${Object.entries(manifest.bundled)
    .map(([name, version]) => `${name}@${version}`)
    .join(", ")}; esbuild ${manifest.esbuild}`,
);
