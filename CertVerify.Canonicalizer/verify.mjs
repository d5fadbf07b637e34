// An Open Badges 3.0 credential's Data Integrity proof (eddsa-rdfc-2022) checked as a wallet or verifier does, with
// @digitalbazaar/vc: the key and its assertionMethod right come from the issuer's DID document given here (fetched by
// the caller from /.well-known/did.json), the contexts from the bundle; nothing is fetched. The tests run it; anyone
// can (docs/open-badges.md).
//
//   node verify.mjs credential.json did.json   -> prints {"verified": true|false, "error": "..."}; exit 0 when verified
//
// The status list is not read here (our lists are VC-JWTs, which @digitalbazaar/vc's status checkers do not read):
// revocation is checked by the JWT tools or POST /api/verify/credential.
import { readFileSync } from "node:fs";
import * as vc from "@digitalbazaar/vc";
import { DataIntegrityProof } from "@digitalbazaar/data-integrity";
import { cryptosuite } from "@digitalbazaar/eddsa-rdfc-2022-cryptosuite";
import { contexts as did } from "did-context";
import { contexts as multikey } from "@digitalbazaar/multikey-context";
import { documentLoaderOf } from "./contexts.mjs";

const [credentialFile, didFile] = process.argv.slice(2);
const credential = JSON.parse(readFileSync(credentialFile, "utf8"));
const didDocument = JSON.parse(readFileSync(didFile, "utf8"));

// The DID resolves to its document, and each verification method's DID URL to the method itself.
const documents = new Map([...did, ...multikey, [didDocument.id, didDocument]]);
for (const method of didDocument.verificationMethod ?? []) {
  documents.set(method.id, { "@context": "https://w3id.org/security/multikey/v1", ...method });
}

const result = await vc.verifyCredential({
  credential,
  suite: new DataIntegrityProof({ cryptosuite }),
  documentLoader: documentLoaderOf(documents),
  checkStatus: async () => ({ verified: true }),
});
const error = result.error?.errors?.map(e => e.message).join("; ") ?? result.error?.message;
console.log(JSON.stringify({ verified: result.verified, error }));
process.exit(result.verified ? 0 : 1);
