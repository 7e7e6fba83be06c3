// `npm run build:signer`: writes the signer bundle the TokenSigner component deploys.
import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { buildSignerBundle, packageRoot, signerFileName } from "../components/signerBundle.ts";

const root = packageRoot();
const bundle = await buildSignerBundle(root);
const outDir = path.join(root, "dist", "signer");
mkdirSync(outDir, { recursive: true });
writeFileSync(path.join(outDir, signerFileName), bundle.code);
console.log(`dist/signer/${signerFileName}  ${Buffer.byteLength(bundle.code)} bytes  sha256 ${bundle.sha256}`);
