// The only JSON-LD contexts this service knows, all bundled: nothing is fetched at run time, so a credential's
// meaning cannot change under it, and a context it does not know is refused instead of looked up.
import { readFileSync } from "node:fs";
import { contexts as credentials } from "@digitalbazaar/credentials-context";
import { contexts as dataIntegrity } from "@digitalbazaar/data-integrity-context";

const openBadges = JSON.parse(readFileSync(new URL("./contexts/ob-context-3.0.3.json", import.meta.url), "utf8"));

export const bundled = new Map([
  ...credentials,
  ...dataIntegrity,
  ["https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json", openBadges],
]);

/** A jsonld.js document loader over {@link bundled} (plus any extra documents given), refusing every other URL. */
export function documentLoaderOf(extra = new Map()) {
  return async url => {
    const document = bundled.get(url) ?? extra.get(url);
    if (document === undefined) {
      throw new UnknownDocumentError(url);
    }
    return { contextUrl: null, documentUrl: url, document };
  };
}

export class UnknownDocumentError extends Error {
  constructor(url) {
    super(`'${url}' is not a bundled context; nothing is fetched.`);
    this.url = url;
  }
}
