// CertVerify's canonicalizer: RDF Dataset Canonicalization (RDFC-1.0) of a credential and its proof configuration,
// as the eddsa-rdfc-2022 cryptosuite defines them, by the same code Data Integrity verifiers run
// (@digitalbazaar/data-integrity). It holds no key and keeps no state: CertVerify.Web hashes, signs and verifies.
//
//   GET  /health         200 when it answers
//   POST /canonicalize   {"document": {...}, "proof": {...}} -> {"document": "<N-Quads>", "proof": "<N-Quads>"}
//                        (document without its proof; proof without its proofValue, given the document's @context)
import { createServer } from "node:http";
import { DataIntegrityProof } from "@digitalbazaar/data-integrity";
import { cryptosuite } from "@digitalbazaar/eddsa-rdfc-2022-cryptosuite";
import { documentLoaderOf } from "./contexts.mjs";

const port = Number(process.env.PORT ?? 8090);
const host = process.env.HOST ?? "127.0.0.1";
const maxBodyBytes = 256 * 1024;
const documentLoader = documentLoaderOf();

export async function canonicalize(document, proof) {
  const suite = new DataIntegrityProof({ cryptosuite });
  const { proof: _, ...unsecured } = document;
  return {
    document: await suite.canonize(unsecured, { documentLoader, base: null, safe: true }),
    proof: await suite.canonizeProof(proof, { document: unsecured, documentLoader }),
  };
}

function answer(response, status, body, type = "application/json") {
  response.writeHead(status, { "Content-Type": type, "Cache-Control": "no-store" });
  response.end(JSON.stringify(body));
}

function problem(response, status, title, detail) {
  answer(response, status, { type: "about:blank", title, status, detail }, "application/problem+json");
}

async function readJson(request) {
  const chunks = [];
  let size = 0;
  for await (const chunk of request) {
    size += chunk.length;
    if (size > maxBodyBytes) throw new RangeError(`The body is larger than ${maxBodyBytes} bytes.`);
    chunks.push(chunk);
  }
  return JSON.parse(Buffer.concat(chunks).toString("utf8"));
}

const server = createServer(async (request, response) => {
  if (request.method === "GET" && request.url === "/health") {
    return answer(response, 200, { status: "Healthy" });
  }
  if (request.method !== "POST" || request.url !== "/canonicalize") {
    return problem(response, 404, "Not found", "POST /canonicalize or GET /health.");
  }
  let body;
  try {
    body = await readJson(request);
  } catch (error) {
    return problem(response, error instanceof RangeError ? 413 : 400, "Unreadable body", error.message);
  }
  if (typeof body?.document !== "object" || typeof body?.proof !== "object" || body.document === null || body.proof === null) {
    return problem(response, 400, "Invalid request", "Expected {\"document\": {...}, \"proof\": {...}}.");
  }
  try {
    answer(response, 200, await canonicalize(body.document, body.proof));
  } catch (error) {
    // Unknown contexts, terms no context defines (safe mode), malformed JSON-LD: the input's fault, never a crash.
    problem(response, 422, "Not canonicalizable", error.details?.event?.code ?? error.message);
  }
});

server.listen(port, host, () => console.log(`canonicalizer listening on http://${host}:${port}`));
for (const signal of ["SIGTERM", "SIGINT"]) process.on(signal, () => server.close(() => process.exit(0)));
